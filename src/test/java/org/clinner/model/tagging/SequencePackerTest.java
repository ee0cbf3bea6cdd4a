package org.clinner.model.tagging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import java.util.List;

/** First fit in order of decreasing length, worked by hand. */
class SequencePackerTest {

    @Test
    void longestFirstIntoTheFirstRowWithRoom() {
        // 200 > 128 gets a row of its own; 100 opens row 1 (28 left); 60 opens row 2 (68 left);
        // 50 joins row 2 (18 left); 30 fits nowhere and opens row 3; 20 joins row 1 (8 left)
        assertEquals(List.of(List.of(5), List.of(0, 4), List.of(1, 2), List.of(3)),
                SequencePacker.pack(new int[] {100, 60, 50, 30, 20, 200}, 128));
    }

    @Test
    void equalLengthsKeepTheirOrder() {
        assertEquals(List.of(List.of(0, 1, 2), List.of(3)), SequencePacker.pack(new int[] {4, 4, 4, 4}, 12));
    }

    @Test
    void nothingToPack() {
        assertEquals(List.of(), SequencePacker.pack(new int[0], 128));
    }
}
