package org.clinner.model;

import java.util.ArrayList;
import java.util.List;

/** Splits the flat logits of a right-padded batch back into one {@code [length][labels]} array per sequence. */
final class PaddedLogits {

    private PaddedLogits() {}

    /**
     * Returns the logits of a batch with no tokens at all, which needs no forward pass.
     *
     * @param sequences the batch
     * @return one empty array per sequence, or null when some sequence has tokens
     */
    static List<float[][]> ofEmptyBatch(List<long[]> sequences) {
        if (!sequences.stream().allMatch(s -> s.length == 0)) {
            return null;
        }
        List<float[][]> result = new ArrayList<>(sequences.size());
        sequences.forEach(s -> result.add(new float[0][]));
        return result;
    }

    /**
     * Drops the padding of a batch's logits.
     *
     * @param flat logits {@code [rows, width, labels]} in row-major order
     * @param sequences the batch's sequences, in row order
     * @param width the padded width
     * @param labels the number of labels
     * @return per sequence, its logits {@code [length][labels]}
     */
    static List<float[][]> unpad(float[] flat, List<long[]> sequences, int width, int labels) {
        List<float[][]> result = new ArrayList<>(sequences.size());
        for (int r = 0; r < sequences.size(); r++) {
            float[][] sequenceLogits = new float[sequences.get(r).length][labels];
            for (int t = 0; t < sequenceLogits.length; t++) {
                System.arraycopy(flat, (r * width + t) * labels, sequenceLogits[t], 0, labels);
            }
            result.add(sequenceLogits);
        }
        return result;
    }
}
