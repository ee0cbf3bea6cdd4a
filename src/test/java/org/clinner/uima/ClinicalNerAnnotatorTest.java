package org.clinner.uima;

import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngineDescription;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clinner.type.ClinicalEntity;
import org.clinner.type.Procedure;

import com.fasterxml.jackson.databind.JsonNode;

import de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity;

import org.apache.ctakes.typesystem.type.textsem.IdentifiedAnnotation;
import org.apache.ctakes.typesystem.type.textsem.ProcedureMention;
import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.fit.pipeline.SimplePipeline;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.apache.uima.jcas.tcas.Annotation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The annotator on CASes built from the independent fixture: exact spans in both modes and every output type. */
class ClinicalNerAnnotatorTest {

    private static List<String> lines(Collection<? extends Annotation> annotations, java.util.function.Function<Annotation, String> label) {
        List<String> lines = new ArrayList<>();
        for (Annotation annotation : annotations) {
            lines.add(annotation.getBegin() + " " + annotation.getEnd() + " " + label.apply(annotation));
        }
        return lines;
    }

    private static List<String> procedures(JCas jcas) {
        return lines(JCasUtil.select(jcas, Procedure.class), a -> ((ClinicalEntity) a).getLabel());
    }

    @Test
    void wordsModeAnnotatesTheFixtureSpansFromDkproTokensAndSentences() throws Exception {
        for (String name : List.of("sentences", "unicode")) {
            JsonNode words = FixtureDocuments.fixtureCase("words", name);
            JCas jcas = FixtureDocuments.cas(words.path("text").asText(), name + ".txt");
            FixtureDocuments.addTokens(jcas, words, true);
            SimplePipeline.runPipeline(jcas, ClinicalNerAnnotator.description(FixtureDocuments.MODEL));
            assertEquals(FixtureDocuments.expected(words), procedures(jcas), name);
            for (ClinicalEntity entity : JCasUtil.select(jcas, ClinicalEntity.class)) {
                assertTrue(entity.getConfidence() > 0 && entity.getConfidence() <= 1, entity.toString());
            }
        }
    }

    @Test
    void aDocumentWithoutSentencesIsOneSequenceOfTokens() throws Exception {
        JsonNode words = FixtureDocuments.fixtureCase("words", "long_sentence");
        JCas jcas = FixtureDocuments.cas(words.path("text").asText(), "long.txt");
        FixtureDocuments.addTokens(jcas, words, false);
        SimplePipeline.runPipeline(jcas, ClinicalNerAnnotator.description(FixtureDocuments.MODEL,
                ClinicalNerAnnotator.PARAM_MAX_LENGTH, words.path("max_length").asInt(),
                ClinicalNerAnnotator.PARAM_STRIDE, words.path("stride").asInt()));
        assertEquals(FixtureDocuments.expected(words), procedures(jcas));
    }

    @Test
    void rawModeNeedsNoTokensAndGivesTheScriptSpans() throws Exception {
        for (String name : List.of("unicode", "crlf", "long")) {
            JsonNode raw = FixtureDocuments.fixtureCase("raw", name);
            JCas jcas = FixtureDocuments.cas(raw.path("text").asText(), name + ".txt");
            SimplePipeline.runPipeline(jcas, ClinicalNerAnnotator.description(FixtureDocuments.MODEL,
                    ClinicalNerAnnotator.PARAM_MODE, ClinicalNerAnnotator.MODE_RAW));
            assertEquals(FixtureDocuments.expected(raw), procedures(jcas), name);
        }
    }

    @Test
    void wordsModeWithoutTokensSaysToAddASegmenter() throws Exception {
        JCas jcas = FixtureDocuments.cas("Se realizó una biopsia.", "untokenized.txt");
        AnalysisEngineProcessException error = assertThrows(AnalysisEngineProcessException.class,
                () -> SimplePipeline.runPipeline(jcas, ClinicalNerAnnotator.description(FixtureDocuments.MODEL)));
        String message = messages(error);
        assertTrue(message.contains("untokenized.txt") && message.contains("add a segmenter"), message);
    }

    @Test
    void emptyAndBlankDocumentsGetNoMentions() throws Exception {
        for (String text : List.of("", " \n\t ")) {
            JCas jcas = FixtureDocuments.cas(text, "blank.txt");
            SimplePipeline.runPipeline(jcas, ClinicalNerAnnotator.description(FixtureDocuments.MODEL));
            assertEquals(0, JCasUtil.select(jcas, ClinicalEntity.class).size());
        }
    }

    @Test
    void mentionsCanBeDkproNamedEntities() throws Exception {
        JsonNode words = FixtureDocuments.fixtureCase("words", "sentences");
        JCas jcas = FixtureDocuments.cas(words.path("text").asText(), "ne.txt");
        FixtureDocuments.addTokens(jcas, words, true);
        SimplePipeline.runPipeline(jcas, ClinicalNerAnnotator.description(FixtureDocuments.MODEL,
                ClinicalNerAnnotator.PARAM_OUTPUT_TYPE, NamedEntity.class.getName()));
        assertEquals(FixtureDocuments.expected(words), lines(JCasUtil.select(jcas, NamedEntity.class),
                a -> ((NamedEntity) a).getValue()));
        assertEquals(0, JCasUtil.select(jcas, ClinicalEntity.class).size());
    }

    @Test
    void mentionsCanBeCtakesProcedureMentions() throws Exception {
        JsonNode words = FixtureDocuments.fixtureCase("words", "sentences");
        JCas jcas = FixtureDocuments.cas(words.path("text").asText(), "ctakes.txt");
        FixtureDocuments.addTokens(jcas, words, true);
        SimplePipeline.runPipeline(jcas, ClinicalNerAnnotator.description(FixtureDocuments.MODEL,
                ClinicalNerAnnotator.PARAM_LABEL_TYPE_MAPPINGS,
                new String[] {"PROCEDURE=" + ProcedureMention.class.getName()}));
        Collection<ProcedureMention> mentions = JCasUtil.select(jcas, ProcedureMention.class);
        assertEquals(FixtureDocuments.expected(words), lines(mentions, a -> "PROCEDURE"));
        for (IdentifiedAnnotation mention : mentions) {
            assertEquals(5, mention.getTypeID());
            assertEquals(3, mention.getDiscoveryTechnique());
            assertTrue(mention.getConfidence() > 0 && mention.getConfidence() <= 1);
        }
    }

    @Test
    void anUnknownModeIsRejectedAtInitialization() {
        assertThrows(Exception.class, () -> SimplePipeline.runPipeline(FixtureDocuments.cas("x", "x.txt"),
                createEngineDescription(ClinicalNerAnnotator.class,
                        ClinicalNerAnnotator.PARAM_MODEL_LOCATION, FixtureDocuments.MODEL,
                        ClinicalNerAnnotator.PARAM_MODE, "sentences")));
    }

    static String messages(Throwable error) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(" | ");
        }
        return all.toString();
    }
}
