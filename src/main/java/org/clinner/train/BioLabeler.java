package org.clinner.train;

import org.clinner.model.tagging.Span;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns gold entity spans into BIO labels of words, as the DT4H training data were built: the first
 * word touching an entity is {@code B-X}, the following words touching it are {@code I-X}, other
 * words are {@code O}. A word cut by a span boundary belongs to the entity. Overlapping gold spans
 * cannot all be BIO-encoded: the earliest starting one wins (the longer on a tie) and spans that
 * overlap a kept one are dropped.
 */
public final class BioLabeler {

    /** A gold entity: UTF-16 span and type. */
    public record Entity(int begin, int end, String type) {}

    private BioLabeler() {}

    /**
     * Labels the words of one sentence.
     *
     * @param words the words in text order (UTF-16 spans)
     * @param entities the gold entities of the document (any order, may overlap)
     * @return one label per word: {@code O}, {@code B-X} or {@code I-X}
     */
    public static List<String> label(List<Span> words, List<Entity> entities) {
        List<Entity> kept = nonOverlapping(entities);
        List<String> labels = new ArrayList<>(words.size());
        Entity previous = null;
        int next = 0;
        for (Span word : words) {
            while (next < kept.size() && kept.get(next).end() <= word.begin()) {
                next++;
            }
            Entity entity = next < kept.size() && kept.get(next).begin() < word.end()
                    && word.begin() < kept.get(next).end() ? kept.get(next) : null;
            if (entity == null) {
                labels.add("O");
            } else {
                labels.add((entity == previous ? "I-" : "B-") + entity.type());
            }
            previous = entity;
        }
        return labels;
    }

    /**
     * Keeps entities that do not overlap an earlier kept one (earliest start first, longer first).
     *
     * @param entities the gold entities
     * @return the kept entities sorted by start
     */
    static List<Entity> nonOverlapping(List<Entity> entities) {
        List<Entity> sorted = new ArrayList<>(entities);
        sorted.sort(Comparator.comparingInt(Entity::begin)
                .thenComparing(Comparator.comparingInt(Entity::end).reversed()));
        List<Entity> kept = new ArrayList<>();
        int end = Integer.MIN_VALUE;
        for (Entity entity : sorted) {
            if (entity.begin() >= end && entity.end() > entity.begin()) {
                kept.add(entity);
                end = entity.end();
            }
        }
        return kept;
    }
}
