package org.clinner.model.tagging;

/**
 * The published script's trimming of an entity span, done in one pass: leading and trailing
 * whitespace (Python's {@code str.isspace}), then leading and trailing punctuation (Unicode
 * general category P*). Whitespace uncovered by removing punctuation stays.
 */
final class SpanTrimmer {

    private SpanTrimmer() {}

    /**
     * Trims a span.
     *
     * @param text the text
     * @param begin UTF-16 start
     * @param end UTF-16 end
     * @return the trimmed {@code [begin, end)}, or null when nothing is left
     */
    static int[] trim(String text, int begin, int end) {
        int b = begin;
        int e = end;
        while (b < e && isPythonSpace(text.codePointAt(b))) {
            b += Character.charCount(text.codePointAt(b));
        }
        while (e > b && isPythonSpace(text.codePointBefore(e))) {
            e -= Character.charCount(text.codePointBefore(e));
        }
        while (b < e && isPunctuation(text.codePointAt(b))) {
            b += Character.charCount(text.codePointAt(b));
        }
        while (e > b && isPunctuation(text.codePointBefore(e))) {
            e -= Character.charCount(text.codePointBefore(e));
        }
        return b < e ? new int[] {b, e} : null;
    }

    /**
     * Python's {@code str.isspace} for one code point: the ASCII and C1 separators plus every
     * Unicode space separator (Zs, Zl, Zp), no-break spaces included.
     *
     * @param cp a code point
     * @return whether Python counts it as whitespace
     */
    static boolean isPythonSpace(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x85;
    }

    /**
     * Whether a code point is Unicode punctuation (general category Pc, Pd, Ps, Pe, Pi, Pf or Po).
     *
     * @param cp a code point
     * @return true for punctuation
     */
    static boolean isPunctuation(int cp) {
        switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION:
            case Character.DASH_PUNCTUATION:
            case Character.START_PUNCTUATION:
            case Character.END_PUNCTUATION:
            case Character.INITIAL_QUOTE_PUNCTUATION:
            case Character.FINAL_QUOTE_PUNCTUATION:
            case Character.OTHER_PUNCTUATION:
                return true;
            default:
                return false;
        }
    }
}
