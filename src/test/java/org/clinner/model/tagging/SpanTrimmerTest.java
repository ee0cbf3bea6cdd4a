package org.clinner.model.tagging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/**
 * The trimming rule against Python's own answers: the expected values below were printed by
 * Python 3.11 ({@code c.isspace()} and {@code unicodedata.category(c)}).
 */
class SpanTrimmerTest {

    @Test
    void whitespaceIsPythonsIsspace() {
        for (int cp : new int[] {0xa0, 0x2007, 0x202f, 0x85, 0x1c, 0x3000, 0x2028, ' ', '\t', '\n', '\r'}) {
            assertEquals(true, SpanTrimmer.isPythonSpace(cp), Integer.toHexString(cp));
        }
        for (int cp : new int[] {0x200b, 0x180e, 0xfeff, 'a', '.'}) {
            assertEquals(false, SpanTrimmer.isPythonSpace(cp), Integer.toHexString(cp));
        }
    }

    @Test
    void punctuationIsGeneralCategoryP() {
        for (int cp : new int[] {'¿', '¡', '«', '»', '-', '_', '(', ')', 0x2019, 0x3001, 0x1144d, '%', 0xb7}) {
            assertEquals(true, SpanTrimmer.isPunctuation(cp), Integer.toHexString(cp));
        }
        for (int cp : new int[] {'+', '$', 0xb0, 'a', ' '}) {
            assertEquals(false, SpanTrimmer.isPunctuation(cp), Integer.toHexString(cp));
        }
    }

    @Test
    void trimsWhitespaceThenPunctuationInOnePass() {
        String text = "x\u00a0(TAC craneal), y";
        // whitespace first: NBSP goes; then '(' and ',' / ')' go
        assertArrayEquals(new int[] {3, 14}, SpanTrimmer.trim(text, 1, 16));
        assertEquals("TAC craneal", text.substring(3, 14));
        // punctuation removal uncovers a space, which stays
        String spaced = "«  biopsia »";
        assertArrayEquals(new int[] {1, 11}, SpanTrimmer.trim(spaced, 0, spaced.length()));
    }

    @Test
    void trimsNonBmpPunctuationAsOneCodePoint() {
        String text = "eco\uD805\uDC4D";
        assertArrayEquals(new int[] {0, 3}, SpanTrimmer.trim(text, 0, text.length()));
    }

    @Test
    void dropsSpansWithNothingLeft() {
        assertNull(SpanTrimmer.trim(" ., ", 0, 4));
        assertNull(SpanTrimmer.trim("abc", 1, 1));
    }
}
