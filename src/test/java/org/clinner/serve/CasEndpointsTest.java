package org.clinner.serve;

import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngineDescription;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clinner.format.MultiClinAiRow;
import org.clinner.format.MultiClinAiTsv;
import org.clinner.model.TestSnapshots;
import org.clinner.type.ClinicalEntity;
import org.clinner.uima.Mode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity;
import org.dkpro.core.tokit.BreakIteratorSegmenter;

import org.apache.uima.cas.CAS;
import org.apache.uima.cas.Feature;
import org.apache.uima.cas.Type;
import org.apache.uima.cas.impl.XmiCasDeserializer;
import org.apache.uima.cas.text.AnnotationFS;
import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.fit.factory.TypeSystemDescriptionFactory;
import org.apache.uima.fit.pipeline.SimplePipeline;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.metadata.TypeDescription;
import org.apache.uima.resource.metadata.TypeSystemDescription;
import org.apache.uima.util.CasCreationUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The CAS endpoints in words mode: {@code /v1/xmi} tags the tokens a CAS brings and keeps what it does
 * not know, and {@code /v1/inception/predict} answers INCEpTION's external recommender with the same
 * mentions as suggestions of the asked layer. The expected mentions are those {@code /v1/annotate}
 * gives for the same text (itself tied to the reference by {@link AnnotateEndpointTest}).
 */
class CasEndpointsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAMED_ENTITY = NamedEntity.class.getName();
    private static ServeFixture words;
    private static String text;

    @BeforeAll
    static void start() throws Exception {
        words = ServeFixture.start(ServeFixture.Options.defaults(Mode.WORDS));
        text = AnnotateEndpointTest.documents().get("long");
    }

    @AfterAll
    static void stop() {
        words.close();
    }

    /** What {@code /v1/annotate} finds in the text: "begin end label" in UTF-16 offsets. */
    private static List<String> annotated() throws Exception {
        JsonNode body = JSON.readTree(words.postJson("/v1/annotate?offsets=utf16", JSON.createObjectNode()
                .put("text", text).toString()).body());
        List<String> mentions = new ArrayList<>();
        body.path("mentions").forEach(m -> mentions.add(m.path("start").asInt() + " " + m.path("end").asInt() + " "
                + m.path("label").asText()));
        assertTrue(mentions.size() > 5, body.toString());
        return mentions;
    }

    /** The text in a CAS of the given types, with DKPro's tokens and sentences in Spanish. */
    private static JCas segmented(TypeSystemDescription types) throws Exception {
        JCas jcas = JCasFactory.createJCas(types);
        jcas.setDocumentText(text);
        jcas.setDocumentLanguage("es");
        SimplePipeline.runPipeline(jcas, createEngineDescription(BreakIteratorSegmenter.class,
                BreakIteratorSegmenter.PARAM_LANGUAGE, "es"));
        return jcas;
    }

    private static String xmi(CAS cas) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        org.apache.uima.cas.impl.XmiCasSerializer.serialize(cas, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void read(String xmi, CAS cas, boolean lenient) throws Exception {
        XmiCasDeserializer.deserialize(new ByteArrayInputStream(xmi.getBytes(StandardCharsets.UTF_8)), cas,
                lenient);
    }

    @Test
    void xmiWithItsOwnTokensGetsTheMentionsAndKeepsTypesTheServiceDoesNotKnow() throws Exception {
        JCas jcas = segmented(TypeSystemDescriptionFactory.createTypeSystemDescription());
        String unknown = "<ext:Finding xmlns:ext=\"http:///org/example/ext.ecore\" xmi:id=\"9001\" sofa=\"1\""
                + " begin=\"0\" end=\"4\" note=\"kept as it came\"/>";
        String posted = xmi(jcas.getCas()).replace("</xmi:XMI>", unknown + "</xmi:XMI>");
        HttpResponse<String> response = words.post("/v1/xmi", "application/xml",
                posted.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/xml", response.headers().firstValue("Content-Type").orElse(""));
        assertTrue(response.body().contains("note=\"kept as it came\""), response.body());
        assertTrue(response.body().contains("xmlns:ext=\"http:///org/example/ext.ecore\""));

        JCas answered = JCasFactory.createJCas();
        read(response.body(), answered.getCas(), true);
        List<String> mentions = new ArrayList<>();
        for (ClinicalEntity entity : JCasUtil.select(answered, ClinicalEntity.class)) {
            mentions.add(entity.getBegin() + " " + entity.getEnd() + " " + entity.getLabel());
        }
        assertEquals(annotated(), mentions);
        assertEquals(JCasUtil.select(jcas, de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token.class).size(),
                JCasUtil.select(answered, de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token.class).size());
    }

    /** The rows of {@code /v1/annotate}'s JSON answer for one document. */
    private static List<MultiClinAiRow> rows(String id, HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        List<MultiClinAiRow> rows = new ArrayList<>();
        JSON.readTree(response.body()).path("mentions").forEach(m -> rows.add(new MultiClinAiRow(id,
                m.path("label").asText(), m.path("start").asInt(), m.path("end").asInt(), m.path("text").asText())));
        return rows;
    }

    @Test
    void aRequestMayAskForRawModeAndGetsThePublishedScriptsRows() throws Exception {
        String crlf = AnnotateEndpointTest.documents().get("crlf");
        List<MultiClinAiRow> expected = MultiClinAiTsv.read(TestSnapshots.PARITY.resolve("cli/expected-raw.tsv"))
                .stream().filter(row -> row.filename().equals("crlf")).toList();
        ObjectNode body = JSON.createObjectNode().put("id", "crlf").put("text", crlf);
        assertEquals(expected, rows("crlf", words.postJson("/v1/annotate?mode=raw", body.toString())));
        assertEquals(expected, rows("crlf", words.postJson("/v1/annotate", body.deepCopy().put("mode", "raw")
                .toString())));
        assertFalse(expected.equals(rows("crlf", words.postJson("/v1/annotate", body.toString()))),
                "the service's own mode is words");
    }

    @Test
    void xmiWithoutTokensInWordsModeIsRefusedNamingWhatIsMissing() throws Exception {
        JCas jcas = JCasFactory.createJCas();
        jcas.setDocumentText(text);
        HttpResponse<String> response = words.post("/v1/xmi", "application/xml",
                xmi(jcas.getCas()).getBytes(StandardCharsets.UTF_8));
        assertEquals(422, response.statusCode(), response.body());
        JsonNode error = JSON.readTree(response.body());
        assertEquals("document_failed", error.path("error").asText());
        assertTrue(error.path("message").asText().startsWith("the posted CAS: "), response.body());
        assertTrue(error.path("message").asText().contains("Token"), response.body());
    }

    /** INCEpTION's type system for a project with the named entity layer: DKPro's types and the features it adds. */
    private static TypeSystemDescription inceptionTypes() throws Exception {
        TypeSystemDescription types = TypeSystemDescriptionFactory.createTypeSystemDescription();
        types.setTypes(Arrays.stream(types.getTypes()).filter(t -> !t.getName().startsWith("org.clinner."))
                .toArray(TypeDescription[]::new));
        TypeDescription layer = types.getType(NAMED_ENTITY);
        layer.addFeature(InceptionRecommender.PREDICTED, "", CAS.TYPE_NAME_BOOLEAN);
        layer.addFeature("value" + InceptionRecommender.SCORE_SUFFIX, "", CAS.TYPE_NAME_DOUBLE);
        layer.addFeature("value_score_explanation", "", CAS.TYPE_NAME_STRING);
        return types;
    }

    private static AnnotationFS entity(CAS cas, int begin, int end, String value, boolean predicted) {
        Type layer = cas.getTypeSystem().getType(NAMED_ENTITY);
        AnnotationFS entity = cas.createAnnotation(layer, begin, end);
        entity.setStringValue(layer.getFeatureByBaseName("value"), value);
        entity.setBooleanValue(layer.getFeatureByBaseName(InceptionRecommender.PREDICTED), predicted);
        cas.addFsToIndexes(entity);
        return entity;
    }

    @Test
    void inceptionGetsTheMentionsAsSuggestionsAndKeepsWhatTheUserAnnotated() throws Exception {
        TypeSystemDescription types = inceptionTypes();
        JCas jcas = segmented(types);
        entity(jcas.getCas(), 0, 4, "PERSON", false);
        entity(jcas.getCas(), 5, 9, "STALE", true);
        StringWriter typeSystem = new StringWriter();
        types.toXML(typeSystem);
        ObjectNode request = JSON.createObjectNode().put("typeSystem", typeSystem.toString());
        request.putObject("document").put("xmi", xmi(jcas.getCas())).put("documentId", 7).put("userId", "anna");
        request.putObject("metadata").put("layer", NAMED_ENTITY).put("feature", "value").put("projectName", "p")
                .put("anchoringMode", "tokens").put("crossSentence", false);

        HttpResponse<String> response = words.postJson("/v1/inception/predict", request.toString());
        assertEquals(200, response.statusCode(), response.body());
        CAS answered = CasCreationUtils.createCas(types, null, null);
        read(JSON.readTree(response.body()).path("document").asText(), answered, false);
        Type layer = answered.getTypeSystem().getType(NAMED_ENTITY);
        Feature value = layer.getFeatureByBaseName("value");
        Feature predicted = layer.getFeatureByBaseName(InceptionRecommender.PREDICTED);
        Feature score = layer.getFeatureByBaseName("value_score");
        List<String> suggestions = new ArrayList<>();
        List<String> theirs = new ArrayList<>();
        for (AnnotationFS entity : answered.<AnnotationFS>getAnnotationIndex(layer)) {
            String mention = entity.getBegin() + " " + entity.getEnd() + " " + entity.getStringValue(value);
            if (entity.getBooleanValue(predicted)) {
                suggestions.add(mention);
                double confidence = entity.getDoubleValue(score);
                assertTrue(confidence > 0 && confidence <= 1, mention + " scored " + confidence);
            } else {
                theirs.add(mention);
            }
        }
        assertEquals(annotated(), suggestions);
        assertEquals(List.of("0 4 PERSON"), theirs);
        assertEquals(text, answered.getDocumentText());
        assertFalse(response.body().contains("ClinicalEntity"), "no type INCEpTION does not know is sent back");
    }

    @Test
    void aPredictRequestForALayerOutsideTheTypeSystemIsRefused() throws Exception {
        TypeSystemDescription types = inceptionTypes();
        StringWriter typeSystem = new StringWriter();
        types.toXML(typeSystem);
        ObjectNode request = JSON.createObjectNode().put("typeSystem", typeSystem.toString());
        request.putObject("document").put("xmi", xmi(segmented(types).getCas()));
        request.putObject("metadata").put("layer", "webanno.custom.Procedure").put("feature", "value");
        HttpResponse<String> response = words.postJson("/v1/inception/predict", request.toString());
        assertEquals(400, response.statusCode(), response.body());
        assertEquals("invalid_layer", JSON.readTree(response.body()).path("error").asText());
        assertEquals(204, words.postJson("/v1/inception/train", "{}").statusCode());
    }
}
