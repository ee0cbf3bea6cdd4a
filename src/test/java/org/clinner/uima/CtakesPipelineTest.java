package org.clinner.uima;

import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngineDescription;
import static org.clinner.testing.EntityAssert.assertEntities;
import static org.clinner.testing.EntityAssert.entity;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clinner.model.NerModel;
import org.clinner.model.TestSnapshots;
import org.clinner.model.tagging.Mention;
import org.clinner.model.tagging.Span;
import org.clinner.model.tagging.TaggingOptions;
import org.clinner.type.ClinicalEntity;
import org.clinner.type.Procedure;

import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;

import org.apache.ctakes.core.ae.SentenceDetector;
import org.apache.ctakes.core.ae.SimpleSegmentAnnotator;
import org.apache.ctakes.core.ae.TokenizerAnnotatorPTB;
import org.apache.ctakes.typesystem.type.constants.CONST;
import org.apache.ctakes.typesystem.type.syntax.BaseToken;
import org.apache.ctakes.typesystem.type.syntax.NewlineToken;
import org.apache.ctakes.typesystem.type.textsem.IdentifiedAnnotation;
import org.apache.ctakes.typesystem.type.textsem.ProcedureMention;
import org.apache.uima.analysis_engine.AnalysisEngineDescription;
import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.fit.pipeline.SimplePipeline;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.dkpro.core.tokit.BreakIteratorSegmenter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * ClinNER in a uimaFIT pipeline of cTAKES' own segment, sentence and token annotators: with
 * {@code types=ctakes} it reads cTAKES' tokens of each cTAKES sentence (newline tokens left out) and
 * adds cTAKES mentions with the features cTAKES' dictionary lookup sets, exactly the mentions the
 * runtime finds for those sentences.
 */
class CtakesPipelineTest {

    private static final String MODEL = TestSnapshots.PARITY.resolve("model-f32").toString();
    private static final String TEXT = "Paciente de 54 años con dolor torácico.\nSe realizó una colonoscopia y una"
            + " biopsia renal; la ecografía abdominal fue normal.\n\nTras la TAC craneal, se pautó tratamiento.\n";

    private static NerModel model;

    @BeforeAll
    static void load() throws Exception {
        model = NerModel.load(TestSnapshots.PARITY.resolve("model-f32"));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static List<AnalysisEngineDescription> ctakesTokenizer() throws Exception {
        return List.of(SimpleSegmentAnnotator.createAnnotatorDescription(),
                SentenceDetector.createAnnotatorDescription(), TokenizerAnnotatorPTB.createAnnotatorDescription());
    }

    private static AnalysisEngineDescription clinner(Object... parameters) throws Exception {
        List<Object> all = new ArrayList<>(List.of(ClinicalNerAnnotator.PARAM_MODEL_LOCATION, MODEL));
        all.addAll(List.of(parameters));
        return createEngineDescription(ClinicalNerAnnotator.class, all.toArray());
    }

    /** The cTAKES sentences of a CAS as the spans of their tokens, newline tokens left out. */
    private static List<List<Span>> ctakesSentences(JCas jcas) {
        List<List<Span>> sentences = new ArrayList<>();
        Class<org.apache.ctakes.typesystem.type.textspan.Sentence> sentence =
                org.apache.ctakes.typesystem.type.textspan.Sentence.class;
        for (Collection<BaseToken> tokens : JCasUtil.indexCovered(jcas, sentence, BaseToken.class).values()) {
            sentences.add(tokens.stream().filter(t -> !(t instanceof NewlineToken))
                    .map(t -> new Span(t.getBegin(), t.getEnd())).toList());
        }
        return sentences;
    }

    private static List<String> expected(List<Mention> mentions, String type) {
        return mentions.stream().map(m -> entity(m.begin(), m.end(), type, m.label(), TEXT.substring(m.begin(),
                m.end()))).toList();
    }

    @Test
    void cTakesTokensInCTakesMentionsOut() throws Exception {
        JCas jcas = JCasFactory.createText(TEXT, "es");
        List<AnalysisEngineDescription> pipeline = new ArrayList<>(ctakesTokenizer());
        pipeline.add(clinner(ClinicalNerAnnotator.PARAM_TYPES, "ctakes"));
        SimplePipeline.runPipeline(jcas, pipeline.toArray(new AnalysisEngineDescription[0]));

        List<List<Span>> sentences = ctakesSentences(jcas);
        assertTrue(sentences.size() >= 3, sentences.size() + " sentences");
        assertTrue(JCasUtil.select(jcas, NewlineToken.class).size() >= 3, "cTAKES marks every line end");
        List<Mention> mentions = model.tagWords(TEXT, sentences, new TaggingOptions(0, 128, 4096));
        assertTrue(!mentions.isEmpty());
        Collection<ProcedureMention> found = JCasUtil.select(jcas, ProcedureMention.class);
        assertEntities(expected(mentions, "ProcedureMention"), found,
                m -> m.getTypeID() == CONST.NE_TYPE_ID_PROCEDURE ? "PROCEDURE" : "typeID " + m.getTypeID());
        List<Mention> sorted = new ArrayList<>(mentions);
        List<ProcedureMention> inOrder = new ArrayList<>(found);
        for (int i = 0; i < inOrder.size(); i++) {
            IdentifiedAnnotation mention = inOrder.get(i);
            assertEquals(CONST.NE_DISCOVERY_TECH_EXPLICIT_AE, mention.getDiscoveryTechnique());
            assertEquals((float) sorted.get(i).confidence(), mention.getConfidence(), 0f);
            // as cTAKES' dictionary lookup leaves them: assertion annotators set these later
            assertEquals(0, mention.getPolarity());
            assertEquals(0, mention.getUncertainty());
            assertEquals(null, mention.getOntologyConceptArr());
        }
        assertEquals(0, JCasUtil.select(jcas, ClinicalEntity.class).size(), "no ClinNER types");
    }

    @Test
    void withBothTokenizationsTheConfiguredOneIsRead() throws Exception {
        JCas jcas = JCasFactory.createText(TEXT, "es");
        List<AnalysisEngineDescription> pipeline = new ArrayList<>(ctakesTokenizer());
        pipeline.add(createEngineDescription(BreakIteratorSegmenter.class));
        pipeline.add(clinner(ClinicalNerAnnotator.PARAM_TYPES, "ctakes"));
        pipeline.add(clinner());
        SimplePipeline.runPipeline(jcas, pipeline.toArray(new AnalysisEngineDescription[0]));

        assertEntities(expected(model.tagWords(TEXT, ctakesSentences(jcas), new TaggingOptions(0, 128, 4096)),
                "ProcedureMention"), JCasUtil.select(jcas, ProcedureMention.class), m -> "PROCEDURE");
        List<List<Span>> dkpro = new ArrayList<>();
        for (Collection<Token> tokens : JCasUtil.indexCovered(jcas, Sentence.class, Token.class).values()) {
            dkpro.add(tokens.stream().map(t -> new Span(t.getBegin(), t.getEnd())).toList());
        }
        assertEntities(expected(model.tagWords(TEXT, dkpro, new TaggingOptions(0, 128, 4096)), "Procedure"),
                JCasUtil.select(jcas, Procedure.class), Procedure::getLabel);
    }

    @Test
    void withoutCTakesTokensTheErrorNamesTheTypeItLookedFor() throws Exception {
        JCas jcas = JCasFactory.createText(TEXT, "es");
        Exception error = assertThrows(Exception.class,
                () -> SimplePipeline.runPipeline(jcas, createEngineDescription(BreakIteratorSegmenter.class),
                        clinner(ClinicalNerAnnotator.PARAM_TYPES, "ctakes")));
        String reason = DocumentFailure.reason(error);
        assertTrue(reason.startsWith("no org.apache.ctakes.typesystem.type.syntax.BaseToken (but NewlineToken)"
                + " annotations: add a tokenizer"), reason);
    }
}
