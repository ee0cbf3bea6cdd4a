package org.clinner.report;

/**
 * One span to highlight in a text.
 *
 * @param begin UTF-16 start in the text
 * @param end UTF-16 end (exclusive)
 * @param label the entity label ({@code data-label})
 * @param css its class: what it is in a comparison ({@code exact}, {@code fp}, …) or its label's colour
 *     ({@code l0} …), or null
 * @param title the tooltip
 */
public record Mark(int begin, int end, String label, String css, String title) {

    /**
     * Checks the span.
     *
     * @throws IllegalArgumentException when it is empty or reversed
     */
    public Mark {
        if (begin < 0 || end <= begin) {
            throw new IllegalArgumentException("a mark needs 0 <= begin < end, not " + begin + "-" + end);
        }
    }
}
