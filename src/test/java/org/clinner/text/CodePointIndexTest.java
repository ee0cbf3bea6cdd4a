package org.clinner.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Code point offsets (Python) against UTF-16 indices (Java) with non-BMP characters. */
class CodePointIndexTest {

    @Test
    void convertsBothWaysAroundSurrogatePairs() {
        // Python: "a😀b𝒜c" has 5 code points; 'b' is at 2, 'c' at 4
        String text = "a\uD83D\uDE00b\uD835\uDC9Cc";
        CodePointIndex index = new CodePointIndex(text);
        int[] utf16 = {0, 1, 3, 4, 6, 7};
        for (int cp = 0; cp < utf16.length; cp++) {
            assertEquals(utf16[cp], index.toUtf16(cp));
            assertEquals(cp, index.toCodePoint(utf16[cp]));
        }
    }

    @Test
    void isTheIdentityForBmpText() {
        CodePointIndex index = new CodePointIndex("señor");
        assertEquals(5, index.toUtf16(5));
        assertEquals(3, index.toCodePoint(3));
    }
}
