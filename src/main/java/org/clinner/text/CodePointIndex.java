package org.clinner.text;

import java.util.Arrays;

/**
 * Converts between Unicode code point offsets (Python string indices, the tokenizers library's
 * character spans, MultiClinAI TSV offsets) and Java UTF-16 indices (UIMA offsets) of one text.
 */
public final class CodePointIndex {

    /** UTF-16 index of each code point offset, or null when the text has no surrogate pairs. */
    private final int[] utf16ByCodePoint;

    /**
     * Indexes a text.
     *
     * @param text the text
     */
    public CodePointIndex(String text) {
        int codePoints = text.codePointCount(0, text.length());
        if (codePoints == text.length()) {
            utf16ByCodePoint = null;
        } else {
            utf16ByCodePoint = new int[codePoints + 1];
            int utf16 = 0;
            for (int cp = 0; cp < codePoints; cp++) {
                utf16ByCodePoint[cp] = utf16;
                utf16 += Character.charCount(text.codePointAt(utf16));
            }
            utf16ByCodePoint[codePoints] = utf16;
        }
    }

    /**
     * Returns the UTF-16 index of a code point offset.
     *
     * @param codePointOffset offset in code points, 0 to the text's code point count
     * @return the UTF-16 index
     */
    public int toUtf16(int codePointOffset) {
        return utf16ByCodePoint == null ? codePointOffset : utf16ByCodePoint[codePointOffset];
    }

    /**
     * Returns the code point offset of a UTF-16 index.
     *
     * @param utf16Index index into the Java string
     * @return the number of code points before it
     */
    public int toCodePoint(int utf16Index) {
        if (utf16ByCodePoint == null) {
            return utf16Index;
        }
        int found = Arrays.binarySearch(utf16ByCodePoint, utf16Index);
        // an index inside a surrogate pair counts the pair as before it, as codePointCount does
        return found >= 0 ? found : -found - 1;
    }
}
