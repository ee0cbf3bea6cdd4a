package org.clinner.uima;

import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngine;
import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngineDescription;
import static org.clinner.testing.EntityAssert.assertEntities;
import static org.clinner.testing.EntityAssert.entity;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clinner.model.MultiTaskFixture;
import org.clinner.model.TestSnapshots;
import org.clinner.model.hub.BuiltinModel;
import org.clinner.text.CodePointIndex;
import org.clinner.type.ClinicalEntity;
import org.clinner.type.Disease;
import org.clinner.type.Procedure;
import org.clinner.type.Symptom;

import com.fasterxml.jackson.databind.JsonNode;

import de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity;

import org.apache.ctakes.typesystem.type.textsem.IdentifiedAnnotation;
import org.apache.ctakes.typesystem.type.textsem.ProcedureMention;
import org.apache.uima.analysis_engine.AnalysisEngineDescription;
import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.fit.pipeline.SimplePipeline;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceInitializationException;
import org.dkpro.core.tokit.BreakIteratorSegmenter;
import org.dkpro.core.testing.AssertAnnotations;
import org.dkpro.core.testing.TestRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The annotator on CASes built from the independent fixture: exact spans in both modes and every output type. */
class ClinicalNerAnnotatorTest {

    @TempDir
    Path temp;

    @Test
    void wordsModeAnnotatesTheFixtureSpansFromDkproTokensAndSentences() throws Exception {
        for (String name : List.of("sentences", "unicode")) {
            JsonNode words = FixtureDocuments.fixtureCase("words", name);
            JCas jcas = FixtureDocuments.cas(words.path("text").asText(), name + ".txt");
            FixtureDocuments.addTokens(jcas, words, true);
            SimplePipeline.runPipeline(jcas, FixtureDocuments.annotator(FixtureDocuments.MODEL));
            assertEntities(FixtureDocuments.expected(words, "Procedure"), JCasUtil.select(jcas, Procedure.class),
                    Procedure::getLabel);
            for (ClinicalEntity entity : JCasUtil.select(jcas, ClinicalEntity.class)) {
                assertTrue(entity.getConfidence() > 0 && entity.getConfidence() <= 1, entity.toString());
            }
        }
    }

    @Test
    void aStateDictsChosenHeadsAddTheirMentionsAsTheTypesOfTheirLabels() throws Exception {
        JsonNode raw = MultiTaskFixture.expected("raw").path("special");
        String text = raw.path("text").asText();
        JCas jcas = FixtureDocuments.cas(text, "special.txt");
        SimplePipeline.runPipeline(jcas, FixtureDocuments.annotator(
                MultiTaskFixture.DIR.resolve("multilabel.pt").toString(),
                ClinicalNerAnnotator.PARAM_BASE_MODEL, MultiTaskFixture.BASE.toString(),
                ClinicalNerAnnotator.PARAM_TASKS, new String[] {"symptom", "disease"},
                ClinicalNerAnnotator.PARAM_MODE, ClinicalNerAnnotator.MODE_RAW));
        JsonNode heads = raw.path("by_checkpoint").path("multilabel.pt");
        assertEntities(headEntities(text, heads.path("disease"), "Disease"), JCasUtil.select(jcas, Disease.class),
                Disease::getLabel);
        assertEntities(headEntities(text, heads.path("symptom"), "Symptom"), JCasUtil.select(jcas, Symptom.class),
                Symptom::getLabel);
        assertTrue(JCasUtil.select(jcas, Procedure.class).isEmpty(), "the procedure head was not chosen");
    }

    private static List<String> headEntities(String text, JsonNode mentions, String type) {
        CodePointIndex index = new CodePointIndex(text);
        List<String> entities = new java.util.ArrayList<>();
        for (JsonNode mention : mentions) {
            int begin = index.toUtf16(mention.path("start").asInt());
            int end = index.toUtf16(mention.path("end").asInt());
            entities.add(entity(begin, end, type, mention.path("label").asText(), text.substring(begin, end)));
        }
        assertTrue(!entities.isEmpty());
        return entities;
    }

    @Test
    void aDocumentWithoutSentencesIsOneSequenceOfTokens() throws Exception {
        JsonNode words = FixtureDocuments.fixtureCase("words", "long_sentence");
        JCas jcas = FixtureDocuments.cas(words.path("text").asText(), "long.txt");
        FixtureDocuments.addTokens(jcas, words, false);
        SimplePipeline.runPipeline(jcas, FixtureDocuments.annotator(FixtureDocuments.MODEL,
                ClinicalNerAnnotator.PARAM_MAX_LENGTH, words.path("max_length").asInt(),
                ClinicalNerAnnotator.PARAM_STRIDE, words.path("stride").asInt()));
        assertEntities(FixtureDocuments.expected(words, "Procedure"), JCasUtil.select(jcas, Procedure.class),
                Procedure::getLabel);
    }

    @Test
    void rawModeNeedsNoTokensAndGivesTheScriptSpans() throws Exception {
        for (String name : List.of("unicode", "crlf", "long")) {
            JsonNode raw = FixtureDocuments.fixtureCase("raw", name);
            JCas jcas = FixtureDocuments.cas(raw.path("text").asText(), name + ".txt");
            SimplePipeline.runPipeline(jcas, FixtureDocuments.annotator(FixtureDocuments.MODEL,
                    ClinicalNerAnnotator.PARAM_MODE, ClinicalNerAnnotator.MODE_RAW));
            assertEntities(FixtureDocuments.expected(raw, "Procedure"), JCasUtil.select(jcas, Procedure.class),
                    Procedure::getLabel);
        }
    }

    @Test
    void everyTokenOfTheTestRunnerIsAMentionWithAModelThatSaysBeginEverywhere() throws Exception {
        Path model = TestSnapshots.writeConstantLabelSnapshot(temp.resolve("every-token-b"), 0);
        // TestRunner splits tokens at spaces and sentences at newlines; "." alone is trimmed away
        JCas jcas = TestRunner.runTest(FixtureDocuments.annotator(model.toString()), "es",
                "Se hizo una biopsia .\nTAC craneal");
        assertEntities(List.of(entity(0, 2, "Procedure", "PROCEDURE", "Se"),
                        entity(3, 7, "Procedure", "PROCEDURE", "hizo"), entity(8, 11, "Procedure", "PROCEDURE", "una"),
                        entity(12, 19, "Procedure", "PROCEDURE", "biopsia"),
                        entity(22, 25, "Procedure", "PROCEDURE", "TAC"),
                        entity(26, 33, "Procedure", "PROCEDURE", "craneal")),
                JCasUtil.select(jcas, Procedure.class), Procedure::getLabel);
        Path inside = TestSnapshots.writeConstantLabelSnapshot(temp.resolve("every-token-i"), 1);
        jcas = TestRunner.runTest(FixtureDocuments.annotator(inside.toString()), "es", "Se hizo una biopsia .");
        assertEquals(0, JCasUtil.select(jcas, Procedure.class).size(), "an I- label opens no entity");
    }

    @Test
    void wordsModeWithoutTokensNamesTheDocumentAndSaysToAddASegmenter() throws Exception {
        JCas jcas = FixtureDocuments.cas("Se realizó una biopsia.", "untokenized.txt");
        AnalysisEngineProcessException error = assertThrows(AnalysisEngineProcessException.class,
                () -> SimplePipeline.runPipeline(jcas, FixtureDocuments.annotator(FixtureDocuments.MODEL)));
        DocumentFailure failure = DocumentFailure.of(error, null);
        assertEquals("untokenized.txt", failure.document());
        assertEquals("no de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token annotations: add a tokenizer"
                + " before this annotator (e.g. DKPro's BreakIteratorSegmenter, or cTAKES' TokenizerAnnotatorPTB with"
                + " types=ctakes), set tokenType to the pipeline's tokens, or set mode=raw", failure.reason());
    }

    @Test
    void emptyAndBlankDocumentsGetNoMentions() throws Exception {
        for (String text : List.of("", " \n\t ")) {
            JCas jcas = FixtureDocuments.cas(text, "blank.txt");
            SimplePipeline.runPipeline(jcas, FixtureDocuments.annotator(FixtureDocuments.MODEL));
            assertEquals(0, JCasUtil.select(jcas, ClinicalEntity.class).size());
        }
    }

    @Test
    void mentionsCanBeDkproNamedEntities() throws Exception {
        JsonNode words = FixtureDocuments.fixtureCase("words", "sentences");
        JCas jcas = FixtureDocuments.cas(words.path("text").asText(), "ne.txt");
        FixtureDocuments.addTokens(jcas, words, true);
        SimplePipeline.runPipeline(jcas, FixtureDocuments.annotator(FixtureDocuments.MODEL,
                ClinicalNerAnnotator.PARAM_OUTPUT_TYPE, NamedEntity.class.getName()));
        AssertAnnotations.assertNamedEntity(FixtureDocuments.expected(words, "NamedEntity").toArray(new String[0]),
                JCasUtil.select(jcas, NamedEntity.class));
        assertEquals(0, JCasUtil.select(jcas, ClinicalEntity.class).size());
    }

    @Test
    void mentionsCanBeCtakesProcedureMentions() throws Exception {
        JsonNode words = FixtureDocuments.fixtureCase("words", "sentences");
        JCas jcas = FixtureDocuments.cas(words.path("text").asText(), "ctakes.txt");
        FixtureDocuments.addTokens(jcas, words, true);
        SimplePipeline.runPipeline(jcas, FixtureDocuments.annotator(FixtureDocuments.MODEL,
                ClinicalNerAnnotator.PARAM_LABEL_TYPE_MAPPINGS,
                new String[] {"PROCEDURE=" + ProcedureMention.class.getName()}));
        Collection<ProcedureMention> mentions = JCasUtil.select(jcas, ProcedureMention.class);
        // cTAKES' CONST.NE_TYPE_ID_PROCEDURE is 5
        assertEntities(FixtureDocuments.expected(words, "ProcedureMention"), mentions,
                m -> m.getTypeID() == 5 ? "PROCEDURE" : "typeID " + m.getTypeID());
        for (IdentifiedAnnotation mention : mentions) {
            assertEquals(3, mention.getDiscoveryTechnique());
            assertTrue(mention.getConfidence() > 0 && mention.getConfidence() <= 1);
        }
    }

    @Test
    void anUnknownModeIsRejectedAtInitialization() {
        assertInitializationFails("mode must be words or raw, not 'sentences'",
                ClinicalNerAnnotator.PARAM_MODE, "sentences");
    }

    @Test
    void bf16AndInt8RunTheModelInThatPrecisionAndFindItsProcedures() throws Exception {
        String text = "Se realizó una colonoscopia y una biopsia hepática; el electrocardiograma fue normal.";
        Map<String, List<String>> found = new TreeMap<>();
        for (String precision : List.of("fp32", "bf16", "int8")) {
            JCas jcas = FixtureDocuments.cas(text, precision + ".txt");
            SimplePipeline.runPipeline(jcas, createEngineDescription(BreakIteratorSegmenter.class),
                    FixtureDocuments.annotator(BuiltinModel.NAME, ClinicalNerAnnotator.PARAM_PRECISION, precision));
            found.put(precision, JCasUtil.select(jcas, Procedure.class).stream().map(Procedure::getCoveredText)
                    .toList());
        }
        assertTrue(found.get("fp32").containsAll(List.of("colonoscopia", "biopsia hepática", "electrocardiograma")),
                found.toString());
        assertEquals(found.get("fp32"), found.get("bf16"));
        assertEquals(found.get("fp32"), found.get("int8"));
    }

    @Test
    void anUnknownPrecisionOrDeviceIsRejectedAtInitialization() {
        assertInitializationFails("precision must be fp32, bf16 or int8, not 'fp8'",
                ClinicalNerAnnotator.PARAM_PRECISION, "fp8");
        assertInitializationFails("device must be cpu, cuda or cuda:N, not 'tpu'", ClinicalNerAnnotator.PARAM_DEVICE,
                "tpu");
        assertInitializationFails("device is cuda:0, but the loaded libtorch 2.7.1 has no CUDA support",
                ClinicalNerAnnotator.PARAM_DEVICE, "cuda");
    }

    @Test
    void aTypeNameThatIsNotAnAnnotationTypeStopsThePipelineAtInitialization() {
        assertInitializationFails("outputType names 'org.example.NoSuchType', which is not a type of the type system",
                ClinicalNerAnnotator.PARAM_OUTPUT_TYPE, "org.example.NoSuchType");
        assertInitializationFails("labelTypeMappings names 'uima.cas.TOP', which is not an annotation type",
                ClinicalNerAnnotator.PARAM_LABEL_TYPE_MAPPINGS, new String[] {"PROCEDURE=uima.cas.TOP"});
        assertInitializationFails("labelTypeMappings entry 'PROCEDURE' is not LABEL=type.Name",
                ClinicalNerAnnotator.PARAM_LABEL_TYPE_MAPPINGS, new String[] {"PROCEDURE"});
    }

    @Test
    void aStrideThatDoesNotFitTheWindowStopsThePipelineAtInitializationAndReleasesTheModel() throws Exception {
        Path model = TestSnapshots.writeConstantLabelSnapshot(temp.resolve("model"), 0);
        int loadsBefore = SharedModels.loadCount();
        ResourceInitializationException error = assertThrows(ResourceInitializationException.class,
                () -> createEngine(FixtureDocuments.annotator(model.toString(),
                        ClinicalNerAnnotator.PARAM_MAX_LENGTH, 32, ClinicalNerAnnotator.PARAM_STRIDE, 30)));
        assertEquals("stride 30 must be less than the 30 content tokens of a window of 32",
                DocumentFailure.reason(error));
        assertEquals(loadsBefore + 1, SharedModels.loadCount(), "the model was loaded to see its window");
        try (SharedModels.Lease lease = SharedModels.acquire(ModelSpec.of(model.toString()), NerSettings.DEFAULTS)) {
            assertEquals(loadsBefore + 2, SharedModels.loadCount(), "and released when initialize failed");
        }
        assertInitializationFails("maxLength 1000 exceeds the model's 512", ClinicalNerAnnotator.PARAM_MAX_LENGTH,
                1000);
    }

    /** Creating the annotator with these parameters fails with this reason, before any document. */
    private static void assertInitializationFails(String reason, Object... parameters) {
        ResourceInitializationException error = assertThrows(ResourceInitializationException.class, () -> {
            AnalysisEngineDescription description = FixtureDocuments.annotator(FixtureDocuments.MODEL,
                    parameters);
            createEngine(description);
        });
        assertTrue(DocumentFailure.reason(error).startsWith(reason), DocumentFailure.reason(error));
    }
}
