package org.clinner.uima;

import org.clinner.model.tagging.Span;

import org.apache.uima.cas.CAS;
import org.apache.uima.cas.Type;
import org.apache.uima.cas.TypeSystem;
import org.apache.uima.cas.text.AnnotationFS;
import org.apache.uima.fit.util.CasUtil;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The words of a CAS as the runtime's words mode takes them: the tokens of each sentence as UTF-16
 * spans, or all tokens as one sentence when the CAS has no sentences. Tokens and sentences are of
 * configured types (subtypes included), named so that no type system is needed to make one;
 * token subtypes that are not words (cTAKES' {@code NewlineToken}) can be left out.
 */
public final class SentenceWords {

    /** DKPro Core's tokens and sentences. */
    public static final SentenceWords DKPRO = of(TypePreset.DKPRO);

    private final String tokenType;
    private final String sentenceType;
    private final List<String> excludedTokenTypes;

    /**
     * Reads words of the given types.
     *
     * @param tokenType the token type (with its subtypes)
     * @param sentenceType the sentence type
     * @param excludedTokenTypes token subtypes to leave out
     */
    public SentenceWords(String tokenType, String sentenceType, List<String> excludedTokenTypes) {
        this.tokenType = tokenType;
        this.sentenceType = sentenceType;
        this.excludedTokenTypes = List.copyOf(excludedTokenTypes);
    }

    /**
     * Reads the words of a preset's types.
     *
     * @param preset the preset
     * @return the reader
     */
    public static SentenceWords of(TypePreset preset) {
        return new SentenceWords(preset.tokenType(), preset.sentenceType(), preset.excludedTokenTypes());
    }

    /**
     * Returns the sentences of a CAS as word spans.
     *
     * @param cas the CAS
     * @return per sentence, its words' spans in text order; empty when the CAS has no words
     */
    public List<List<Span>> sentences(CAS cas) {
        TypeSystem system = cas.getTypeSystem();
        Type token = system.getType(tokenType);
        if (token == null) {
            return List.of();
        }
        List<Type> excluded = new ArrayList<>();
        excludedTokenTypes.stream().map(system::getType).filter(t -> t != null).forEach(excluded::add);
        List<Span> all = spans(CasUtil.select(cas, token), excluded, system);
        if (all.isEmpty()) {
            return List.of();
        }
        Type sentence = system.getType(sentenceType);
        if (sentence == null || CasUtil.select(cas, sentence).isEmpty()) {
            return List.of(all);
        }
        List<List<Span>> sentences = new ArrayList<>();
        for (Collection<AnnotationFS> covered : CasUtil.indexCovered(cas, sentence, token).values()) {
            sentences.add(spans(covered, excluded, system));
        }
        return sentences;
    }

    private static List<Span> spans(Collection<AnnotationFS> tokens, List<Type> excluded, TypeSystem system) {
        List<Span> spans = new ArrayList<>(tokens.size());
        for (AnnotationFS token : tokens) {
            if (excluded.stream().noneMatch(type -> system.subsumes(type, token.getType()))) {
                spans.add(new Span(token.getBegin(), token.getEnd()));
            }
        }
        return spans;
    }

    /**
     * Says which tokens are read, for messages.
     *
     * @return e.g. {@code org.apache.ctakes.typesystem.type.syntax.BaseToken (but NewlineToken)}
     */
    public String describe() {
        return tokenType + (excludedTokenTypes.isEmpty() ? ""
                : " (but " + String.join(", ", excludedTokenTypes.stream()
                        .map(name -> name.substring(name.lastIndexOf('.') + 1)).toList()) + ")");
    }
}
