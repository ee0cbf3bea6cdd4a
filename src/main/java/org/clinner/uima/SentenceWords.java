package org.clinner.uima;

import org.clinner.model.tagging.Span;

import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;

import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The words of a CAS as the runtime's words mode takes them: the DKPro {@link Token}s of each
 * {@link Sentence} as UTF-16 spans, or all tokens as one sentence when the CAS has no sentences.
 */
public final class SentenceWords {

    private SentenceWords() {}

    /**
     * Returns the sentences of a CAS as word spans.
     *
     * @param jcas the CAS
     * @return per sentence, its tokens' spans in text order; empty when the CAS has no tokens
     */
    public static List<List<Span>> of(JCas jcas) {
        Collection<Token> tokens = JCasUtil.select(jcas, Token.class);
        if (tokens.isEmpty()) {
            return List.of();
        }
        if (!JCasUtil.exists(jcas, Sentence.class)) {
            return List.of(spans(tokens));
        }
        List<List<Span>> sentences = new ArrayList<>();
        for (Collection<Token> covered : JCasUtil.indexCovered(jcas, Sentence.class, Token.class).values()) {
            sentences.add(spans(covered));
        }
        return sentences;
    }

    private static List<Span> spans(Collection<Token> tokens) {
        List<Span> spans = new ArrayList<>(tokens.size());
        for (Token token : tokens) {
            spans.add(new Span(token.getBegin(), token.getEnd()));
        }
        return spans;
    }
}
