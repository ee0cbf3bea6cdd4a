package org.clinner.model.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.clinner.model.NerModel;
import org.clinner.model.ParityModels;

import org.junit.jupiter.api.Test;

import java.util.List;

/** The FLOP count the benchmark reports, against the matrix products of the architecture counted by hand. */
class FlopCountTest {

    @Test
    void countsEveryMatrixProductOfAForwardPass() {
        NerModel model = ParityModels.get("model-f32");
        // hidden 32, 2 layers, FFN 64, 3 labels; a batch of 2 rows padded to 10 tokens
        long tokens = 2 * 10;
        long projections = 4 * 2 * tokens * 32 * 32;
        long feedForward = 2 * 2 * tokens * 32 * 64;
        long attention = 2 * 2 * 2 * 10 * 10 * 32;
        long classifier = 2 * tokens * 32 * 3;
        long byHand = 2 * (projections + feedForward + attention) + classifier;
        assertEquals(byHand, HandFlops.of(model.config(), 3, 2, 10));
        AccountedTokenClassifier network = (AccountedTokenClassifier) model.classifier();
        assertEquals(byHand, network.flops(2, 10));

        long before = network.flopsProcessed();
        network.logits(BatchLayout.unpacked(List.of(new long[] {0, 5, 2}, new long[] {0, 5, 6, 7, 2}), 10));
        assertEquals(byHand, network.flopsProcessed() - before);
    }
}
