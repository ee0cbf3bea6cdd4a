package org.clinner.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import java.util.List;

/** The FLOP count the benchmark reports, against the matrix products of the architecture counted by hand. */
class FlopCountTest {

    @Test
    void countsEveryMatrixProductOfAForwardPass() {
        NerModel model = ParityModels.get("model-f32");
        // hidden 32, 2 layers, FFN 64, 3 labels; a batch of 2 rows padded to 10 tokens
        long tokens = 2 * 10;
        long projections = 4 * 2 * tokens * 32 * 32;       // query, key, value, attention output
        long feedForward = 2 * 2 * tokens * 32 * 64;       // intermediate and output
        long attention = 2 * 2 * 2 * 10 * 10 * 32;         // QK^T and probabilities x V, all heads
        long classifier = 2 * tokens * 32 * 3;
        assertEquals(2 * (projections + feedForward + attention) + classifier, new ForwardCost(model.config(), 3).flops(2, 10));

        long before = model.classifier().flopsProcessed();
        model.classifier().logits(List.of(new long[] {0, 5, 2}, new long[] {0, 5, 6, 7, 2}), 10);
        assertEquals(new ForwardCost(model.config(), 3).flops(2, 10), model.classifier().flopsProcessed() - before);
    }
}
