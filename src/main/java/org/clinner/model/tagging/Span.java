package org.clinner.model.tagging;

/**
 * A word of the input in words mode.
 *
 * @param begin UTF-16 start index in the text
 * @param end UTF-16 end index (exclusive)
 */
public record Span(int begin, int end) {}
