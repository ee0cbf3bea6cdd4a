package org.clinner.model.tagging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import java.nio.file.Paths;
import java.util.List;

/** The vote rule of the reference file, case by case (ids: 0 B-PROCEDURE, 1 I-PROCEDURE, 2 O). */
class LabelVoteTest {

    private static final int B = 0;
    private static final int I = 1;
    private static final int O = 2;

    private static int winner(int... labels) throws Exception {
        LabelScheme scheme = LabelScheme.of(List.of("B-PROCEDURE", "I-PROCEDURE", "O"), Paths.get("config.json"));
        LabelVote vote = new LabelVote();
        for (int label : labels) {
            vote.add(label, 0.5);
        }
        return vote.winner(scheme);
    }

    @Test
    void majorityWins() throws Exception {
        assertEquals(O, winner(O, B, O));
        assertEquals(I, winner(B, I, I));
    }

    @Test
    void aTieWithOutsideDropsOutside() throws Exception {
        assertEquals(B, winner(O, B));
        assertEquals(I, winner(O, I, B));
        assertEquals(B, winner(B, O));
    }

    @Test
    void aTieWithoutOutsideKeepsTheFirstVoted() throws Exception {
        assertEquals(I, winner(I, B));
        assertEquals(B, winner(B, I, O, O, B, I));
    }
}
