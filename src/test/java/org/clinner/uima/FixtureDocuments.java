package org.clinner.uima;

import org.clinner.model.ParityFixture;
import org.clinner.model.TestSnapshots;
import org.clinner.testing.EntityAssert;
import org.clinner.text.CodePointIndex;

import com.fasterxml.jackson.databind.JsonNode;

import de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;

import org.apache.uima.analysis_engine.AnalysisEngineDescription;
import org.apache.uima.fit.factory.AnalysisEngineFactory;
import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceInitializationException;
import org.apache.uima.cas.CASException;

import java.util.ArrayList;
import java.util.List;

/** CASes built from the cases of the independent parity fixture, and their expected mentions. */
final class FixtureDocuments {

    /** The fixture's F32 model directory. */
    static final String MODEL = TestSnapshots.PARITY.resolve("model-f32").toString();

    private FixtureDocuments() {}

    /**
     * Describes the annotator on a model.
     *
     * @param model the model location
     * @param parameters further {@code PARAM_*} name/value pairs
     * @return the description
     * @throws ResourceInitializationException when the description cannot be made
     */
    static AnalysisEngineDescription annotator(String model, Object... parameters)
            throws ResourceInitializationException {
        Object[] all = new Object[parameters.length + 2];
        all[0] = ClinicalNerAnnotator.PARAM_MODEL_LOCATION;
        all[1] = model;
        System.arraycopy(parameters, 0, all, 2, parameters.length);
        return AnalysisEngineFactory.createEngineDescription(ClinicalNerAnnotator.class, all);
    }

    /**
     * Returns a case of the fixture.
     *
     * @param section {@code raw} or {@code words}
     * @param name the case name
     * @return the case
     */
    static JsonNode fixtureCase(String section, String name) {
        return ParityFixture.named(section, name);
    }

    /**
     * Creates a CAS with a text and document metadata.
     *
     * @param text the text
     * @param id the document id
     * @return the CAS
     */
    static JCas cas(String text, String id) throws ResourceInitializationException, CASException {
        JCas jcas = JCasFactory.createJCas();
        jcas.setDocumentText(text);
        jcas.setDocumentLanguage("es");
        DocumentMetaData meta = DocumentMetaData.create(jcas);
        meta.setDocumentId(id);
        return jcas;
    }

    /**
     * Adds the words of a words-mode case as DKPro tokens, with or without sentences.
     *
     * @param jcas the CAS holding the case text
     * @param words the case
     * @param withSentences whether to add a Sentence per fixture sentence
     */
    static void addTokens(JCas jcas, JsonNode words, boolean withSentences) {
        CodePointIndex index = new CodePointIndex(jcas.getDocumentText());
        for (JsonNode sentence : words.path("sentences")) {
            int first = -1;
            int last = -1;
            for (JsonNode word : sentence) {
                int begin = index.toUtf16(word.get(0).asInt());
                int end = index.toUtf16(word.get(1).asInt());
                new Token(jcas, begin, end).addToIndexes();
                first = first < 0 ? begin : first;
                last = end;
            }
            if (withSentences) {
                new Sentence(jcas, first, last).addToIndexes();
            }
        }
    }

    /**
     * Returns the expected mentions of a case as annotations of a type, in {@link EntityAssert}'s
     * form (UTF-16 offsets, converted from the fixture's code points).
     *
     * @param fixtureCase the case
     * @param type the simple name of the annotation type, e.g. {@code Procedure}
     * @return one string per mention
     */
    static List<String> expected(JsonNode fixtureCase, String type) {
        String text = fixtureCase.path("text").asText();
        CodePointIndex index = new CodePointIndex(text);
        List<String> expected = new ArrayList<>();
        for (JsonNode mention : fixtureCase.path("mentions")) {
            int begin = index.toUtf16(mention.path("start").asInt());
            int end = index.toUtf16(mention.path("end").asInt());
            expected.add(EntityAssert.entity(begin, end, type, mention.path("label").asText(),
                    text.substring(begin, end)));
        }
        return expected;
    }
}
