package org.clinner.model.tagging;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns labelled words, in text order, into mentions with the published script's BIO rules:
 * {@code B-X} closes any open entity and opens an X entity; {@code I-X} extends the open entity
 * only when it is of type X and is ignored otherwise; {@code O} closes the open entity. A closed
 * entity is trimmed by {@link SpanTrimmer}; empty ones are dropped.
 */
final class BioDecoder {

    private final LabelScheme scheme;
    private final String text;
    private final List<Mention> mentions = new ArrayList<>();

    private String openType;
    private int openBegin;
    private int openEnd;
    private double probabilitySum;
    private int words;

    /**
     * Starts decoding over one text.
     *
     * @param scheme the model's labels
     * @param text the text the word spans point into
     */
    BioDecoder(LabelScheme scheme, String text) {
        this.scheme = scheme;
        this.text = text;
    }

    /**
     * Feeds the next word.
     *
     * @param begin UTF-16 start of the word
     * @param end UTF-16 end of the word
     * @param label its label id
     * @param probability the probability of that label
     */
    void word(int begin, int end, int label, double probability) {
        if (scheme.isOutside(label)) {
            close();
        } else if (scheme.isBegin(label)) {
            close();
            openType = scheme.entityType(label);
            openBegin = begin;
            openEnd = end;
            probabilitySum = probability;
            words = 1;
        } else if (scheme.entityType(label).equals(openType)) {
            openEnd = end;
            probabilitySum += probability;
            words++;
        }
    }

    /** Closes the open entity, if any (call at a sentence or text end). */
    void close() {
        if (openType != null) {
            int[] span = SpanTrimmer.trim(text, openBegin, openEnd);
            if (span != null) {
                mentions.add(new Mention(span[0], span[1], openType, probabilitySum / words));
            }
            openType = null;
        }
    }

    /**
     * Closes the open entity and returns every mention decoded so far.
     *
     * @return the mentions in decoding order
     */
    List<Mention> finish() {
        close();
        return mentions;
    }
}
