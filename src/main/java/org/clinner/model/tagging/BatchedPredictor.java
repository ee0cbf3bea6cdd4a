package org.clinner.model.tagging;

import org.clinner.model.nn.BatchLayout;
import org.clinner.model.nn.TokenClassifier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Runs many sequences through the classifier in batches. Sequences are optionally packed several
 * to a row first ({@link SequencePacker}: each attends only to itself); rows are sorted by length,
 * each batch is padded only to its longest row, holds at most {@code tokenBudget} padded tokens
 * (always at least one row), and takes no row shorter than {@link #MIN_FILL} of its width.
 * Optionally every batch is padded to a fixed width, as the published script pads every window to
 * 512.
 */
final class BatchedPredictor {

    /** Shortest row, as a share of the batch's width, that may join a batch. */
    static final double MIN_FILL = 0.75;

    /** Narrowest row that short sequences are packed into (wider when a sequence is longer). */
    static final int MIN_PACK_WIDTH = 128;

    private final TokenClassifier classifier;
    private final int[] headSizes;
    private final int tokenBudget;
    private final int padTo;
    private final int packLimit;

    /**
     * Creates a predictor.
     *
     * @param classifier the network
     * @param headSizes the labels of each of its heads, in the order of its logits
     * @param tokenBudget most padded tokens per batch
     * @param padTo least width of every batch (0: its longest row)
     * @param packLimit widest row to pack sequences into (0: one sequence per row)
     */
    BatchedPredictor(TokenClassifier classifier, int[] headSizes, int tokenBudget, int padTo, int packLimit) {
        this.classifier = classifier;
        this.headSizes = headSizes.clone();
        this.tokenBudget = tokenBudget;
        this.padTo = padTo;
        this.packLimit = packLimit;
    }

    /**
     * Predicts labels for every token of every sequence, under every head.
     *
     * @param sequences token ids with special tokens
     * @return per sequence in the order of the input, its predictions per head
     */
    List<TokenPredictions[]> predict(List<long[]> sequences) {
        List<List<Integer>> rows = rows(sequences);
        int[] rowLengths = new int[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            for (int index : rows.get(r)) {
                rowLengths[r] += sequences.get(index).length;
            }
        }
        Integer[] order = new Integer[rows.size()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingInt((Integer r) -> rowLengths[r]).reversed());
        TokenPredictions[][] results = new TokenPredictions[sequences.size()][];
        int next = 0;
        while (next < order.length) {
            int width = Math.max(padTo, rowLengths[order[next]]);
            int count = batchRows(rowLengths, order, next, width);
            List<List<long[]>> batch = new ArrayList<>(count);
            List<Integer> indices = new ArrayList<>();
            for (int b = 0; b < count; b++) {
                List<long[]> row = new ArrayList<>();
                for (int index : rows.get(order[next + b])) {
                    row.add(sequences.get(index));
                    indices.add(index);
                }
                batch.add(row);
            }
            List<float[][]> logits = classifier.logits(BatchLayout.of(batch, padTo));
            for (int i = 0; i < indices.size(); i++) {
                results[indices.get(i)] = byHead(logits.get(i));
            }
            next += count;
        }
        return Arrays.asList(results);
    }

    private TokenPredictions[] byHead(float[][] logits) {
        TokenPredictions[] predictions = new TokenPredictions[headSizes.length];
        int from = 0;
        for (int h = 0; h < headSizes.length; h++) {
            predictions[h] = TokenPredictions.fromLogits(logits, from, headSizes[h]);
            from += headSizes[h];
        }
        return predictions;
    }

    /** Groups the sequences into rows: packed, or one per row. */
    private List<List<Integer>> rows(List<long[]> sequences) {
        int[] lengths = sequences.stream().mapToInt(s -> s.length).toArray();
        if (packLimit > 0) {
            int longest = Arrays.stream(lengths).max().orElse(0);
            return SequencePacker.pack(lengths, Math.min(packLimit, Math.max(MIN_PACK_WIDTH, longest)));
        }
        List<List<Integer>> rows = new ArrayList<>(lengths.length);
        for (int i = 0; i < lengths.length; i++) {
            rows.add(List.of(i));
        }
        return rows;
    }

    /**
     * Chooses how many of the next rows (sorted longest first) form one batch: at most the token
     * budget of padded tokens, and only rows at least {@link #MIN_FILL} of the batch's width, so
     * padding costs at most a third more than the real tokens.
     */
    private int batchRows(int[] rowLengths, Integer[] order, int next, int width) {
        int limit = Math.min(order.length - next, Math.max(1, tokenBudget / Math.max(1, width)));
        int count = 1;
        while (count < limit && rowLengths[order[next + count]] >= MIN_FILL * width) {
            count++;
        }
        return count;
    }
}
