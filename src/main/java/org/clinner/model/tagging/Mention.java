package org.clinner.model.tagging;

/**
 * An entity mention found by the model.
 *
 * @param begin UTF-16 start index in the text
 * @param end UTF-16 end index (exclusive)
 * @param label entity type without its BIO prefix, e.g. {@code PROCEDURE}
 * @param confidence mean, over the mention's words, of the probability the model gave each word's
 *     chosen label (averaged over the windows that voted for it), in (0, 1]
 */
public record Mention(int begin, int end, String label, double confidence) {}
