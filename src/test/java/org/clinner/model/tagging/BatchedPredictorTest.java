package org.clinner.model.tagging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clinner.model.ParityModels;
import org.clinner.model.nn.HandFlops;
import org.clinner.model.nn.TokenClassifier;
import org.clinner.model.snapshot.ModelConfig;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

/** Batches waste little on padding and give the same predictions as one sequence at a time. */
class BatchedPredictorTest {

    private static List<long[]> sequences(int... lengths) {
        List<long[]> sequences = new ArrayList<>();
        for (int length : lengths) {
            long[] ids = new long[length];
            for (int t = 0; t < length; t++) {
                ids[t] = t == 0 ? 0 : t == length - 1 ? 2 : 5 + (t * 7 + length) % 300;
            }
            sequences.add(ids);
        }
        return sequences;
    }

    private static final int[] THREE_LABELS = {3};

    private static List<TokenPredictions> oneHead(List<TokenPredictions[]> predictions) {
        return predictions.stream().map(heads -> heads[0]).toList();
    }

    @Test
    void batchesPadLittleAndPredictAsOneSequenceAtATime() {
        TokenClassifier classifier = ParityModels.get("model-f32").classifier();
        List<long[]> input = sequences(120, 12, 95, 30, 31, 100, 8, 64, 70, 66, 9, 119);
        long flopsBefore = classifier.flopsProcessed();
        List<TokenPredictions> batched = oneHead(new BatchedPredictor(classifier, THREE_LABELS, 4096, 0, 0)
                .predict(input));
        long batchedFlops = classifier.flopsProcessed() - flopsBefore;
        flopsBefore = classifier.flopsProcessed();
        List<TokenPredictions> alone = oneHead(new BatchedPredictor(classifier, THREE_LABELS, 1, 0, 0)
                .predict(input));
        long aloneFlops = classifier.flopsProcessed() - flopsBefore;
        // one at a time has no padding; a row padded to at most 1/0.75 of its length costs at most
        // (1/0.75)^2 as much (linear layers grow with the width, attention with its square)
        assertTrue(batchedFlops <= aloneFlops / (BatchedPredictor.MIN_FILL * BatchedPredictor.MIN_FILL),
                batchedFlops + " vs " + aloneFlops);
        for (int i = 0; i < input.size(); i++) {
            assertEquals(input.get(i).length, batched.get(i).labels().length);
            assertEquals(java.util.Arrays.toString(alone.get(i).labels()), java.util.Arrays.toString(batched.get(i)
                    .labels()),
                    "sequence " + i);
        }
    }

    @Test
    void packedSentencesPredictAsOneSequenceAtATimeInFewerRows() {
        TokenClassifier classifier = ParityModels.get("model-f32").classifier();
        List<long[]> input = sequences(12, 30, 31, 8, 64, 9, 40, 25, 17, 33, 5);
        List<TokenPredictions> alone = oneHead(new BatchedPredictor(classifier, THREE_LABELS, 1, 0, 0)
                .predict(input));
        long flopsBefore = classifier.flopsProcessed();
        List<TokenPredictions> packed = oneHead(new BatchedPredictor(classifier, THREE_LABELS, 4096, 0, 512)
                .predict(input));
        long packedFlops = classifier.flopsProcessed() - flopsBefore;
        // first fit, longest first, into rows of 128 (the narrowest packing width):
        // 64+40+17+5 = 126 | 33+31+30+25+9 = 128 | 12+8 = 20; the short row is below 3/4 of 128
        // and runs alone: batches of 2 x 128 and 1 x 20 instead of 11 rows
        ModelConfig config = ParityModels.get("model-f32").config();
        assertEquals(HandFlops.of(config, 3, 2, 128) + HandFlops.of(config, 3, 1, 20), packedFlops);
        for (int i = 0; i < input.size(); i++) {
            assertEquals(java.util.Arrays.toString(alone.get(i).labels()), java.util.Arrays.toString(packed.get(i)
                    .labels()),
                    "sequence " + i);
            for (int t = 0; t < input.get(i).length; t++) {
                assertEquals(alone.get(i).probabilities()[t], packed.get(i).probabilities()[t], 1e-5, "sequence " + i
                        + " token " + t);
            }
        }
    }
}
