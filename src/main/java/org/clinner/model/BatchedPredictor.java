package org.clinner.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Runs many sequences through the classifier in batches: sequences are sorted by length, each
 * batch is padded only to its longest row, holds at most {@code tokenBudget} padded tokens (always
 * at least one sequence), and takes no sequence shorter than {@link #MIN_FILL} of its width. Optionally every batch is padded to a fixed width, as the
 * published script pads every window to 512.
 */
final class BatchedPredictor {

    /** Shortest sequence, as a share of the batch's width, that may join a batch. */
    static final double MIN_FILL = 0.75;

    private final TokenClassifier classifier;
    private final int tokenBudget;
    private final int padTo;

    BatchedPredictor(TokenClassifier classifier, int tokenBudget, int padTo) {
        this.classifier = classifier;
        this.tokenBudget = tokenBudget;
        this.padTo = padTo;
    }

    /**
     * Chooses how many of the next sequences (sorted longest first) form one batch: at most the
     * token budget of padded tokens, and only sequences at least {@link #MIN_FILL} of the batch's
     * width, so padding costs at most a third more than the real tokens.
     */
    private int rows(List<long[]> sequences, Integer[] order, int next, int width) {
        int limit = Math.min(order.length - next, Math.max(1, tokenBudget / Math.max(1, width)));
        int rows = 1;
        while (rows < limit && sequences.get(order[next + rows]).length >= MIN_FILL * width) {
            rows++;
        }
        return rows;
    }

    /**
     * Predicts labels for every token of every sequence.
     *
     * @param sequences token ids with special tokens
     * @return predictions in the order of the input
     */
    List<TokenPredictions> predict(List<long[]> sequences) {
        Integer[] order = new Integer[sequences.size()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingInt((Integer i) -> sequences.get(i).length).reversed());
        TokenPredictions[] results = new TokenPredictions[sequences.size()];
        int next = 0;
        while (next < order.length) {
            int width = Math.max(padTo, sequences.get(order[next]).length);
            int rows = rows(sequences, order, next, width);
            List<long[]> batch = new ArrayList<>(rows);
            for (int r = 0; r < rows; r++) {
                batch.add(sequences.get(order[next + r]));
            }
            List<float[][]> logits = classifier.logits(batch, padTo);
            for (int r = 0; r < rows; r++) {
                results[order[next + r]] = TokenPredictions.fromLogits(logits.get(r));
            }
            next += rows;
        }
        return Arrays.asList(results);
    }
}
