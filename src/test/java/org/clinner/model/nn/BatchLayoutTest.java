package org.clinner.model.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.List;

/** Ids, positions, masks and unpadding of packed and unpacked batches, worked by hand (pad id 1). */
class BatchLayoutTest {

    private static final long[] A = {0, 7, 2};
    private static final long[] B = {0, 8, 9, 2};
    private static final long[] C = {0, 2};

    @Test
    void aPackedRowKeepsItsSequencesApart() {
        BatchLayout layout = BatchLayout.of(List.of(List.of(A, C), List.of(B)), 0);
        assertTrue(layout.isPacked());
        assertEquals(2, layout.rows());
        assertEquals(5, layout.width());
        assertEquals(9, layout.realTokens());
        assertArrayEquals(new long[] {0, 7, 2, 0, 2, /**/ 0, 8, 9, 2, 1}, layout.ids(1));
        assertArrayEquals(new long[] {2, 3, 4, 2, 3, /**/ 2, 3, 4, 5, 1}, layout.positions(1));
        assertArrayEquals(new long[] {
            1, 1, 1, 0, 0,
            1, 1, 1, 0, 0,
            1, 1, 1, 0, 0,
            0, 0, 0, 1, 1,
            0, 0, 0, 1, 1,
            // row 2: B attends to B, the padding query to the padding key
            1, 1, 1, 1, 0,
            1, 1, 1, 1, 0,
            1, 1, 1, 1, 0,
            1, 1, 1, 1, 0,
            0, 0, 0, 0, 1}, layout.attentionMask());
        assertEquals(List.of(A, C, B), layout.sequences());
    }

    @Test
    void unpackedRowsMaskPaddingKeysOnly() {
        BatchLayout layout = BatchLayout.unpacked(List.of(B, C), 6);
        assertFalse(layout.isPacked());
        assertEquals(6, layout.width());
        assertArrayEquals(new long[] {0, 8, 9, 2, 1, 1, /**/ 0, 2, 1, 1, 1, 1}, layout.ids(1));
        assertArrayEquals(new long[] {2, 3, 4, 5, 1, 1, /**/ 2, 3, 1, 1, 1, 1}, layout.positions(1));
        assertArrayEquals(new long[] {1, 1, 1, 1, 0, 0, /**/ 1, 1, 0, 0, 0, 0}, layout.attentionMask());
    }

    @Test
    void unpaddingReturnsEachSequencesLogits() {
        BatchLayout layout = BatchLayout.of(List.of(List.of(C, C), List.of(A)), 0);
        float[] flat = new float[2 * 4 * 2];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = i;
        }
        List<float[][]> logits = layout.unpad(flat, 2);
        assertEquals(3, logits.size());
        assertArrayEquals(new float[][] {{0, 1}, {2, 3}}, logits.get(0));
        assertArrayEquals(new float[][] {{4, 5}, {6, 7}}, logits.get(1));
        assertArrayEquals(new float[][] {{8, 9}, {10, 11}, {12, 13}}, logits.get(2));
    }
}
