package org.clinner.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Runs many sequences through the classifier in batches: sequences are sorted by length, each
 * batch is padded only to its longest row, and a batch holds at most {@code tokenBudget} padded
 * tokens (always at least one sequence). Optionally every batch is padded to a fixed width, as the
 * published script pads every window to 512.
 */
final class BatchedPredictor {

    private final XlmRobertaTokenClassifier classifier;
    private final int tokenBudget;
    private final int padTo;

    BatchedPredictor(XlmRobertaTokenClassifier classifier, int tokenBudget, int padTo) {
        this.classifier = classifier;
        this.tokenBudget = tokenBudget;
        this.padTo = padTo;
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
            int rows = Math.max(1, Math.min(order.length - next, tokenBudget / Math.max(1, width)));
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
