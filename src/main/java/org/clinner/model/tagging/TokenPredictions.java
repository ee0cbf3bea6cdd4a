package org.clinner.model.tagging;

/**
 * The arg-max label of every token of one sequence under one head, and its softmax probability.
 *
 * @param labels label id per token (the first index on ties, as {@code argmax} does)
 * @param probabilities softmax probability of that label per token
 */
record TokenPredictions(int[] labels, float[] probabilities) {

    /**
     * Derives the predictions of one head from logits.
     *
     * @param logits {@code [tokens][labels]}, the heads' labels side by side
     * @param from the head's first label column
     * @param size the head's number of labels
     * @return the predictions, label ids counted from the head's first column
     */
    static TokenPredictions fromLogits(float[][] logits, int from, int size) {
        int[] labels = new int[logits.length];
        float[] probabilities = new float[logits.length];
        for (int t = 0; t < logits.length; t++) {
            float[] row = logits[t];
            int best = from;
            for (int l = from + 1; l < from + size; l++) {
                if (row[l] > row[best]) {
                    best = l;
                }
            }
            double sum = 0;
            for (int l = from; l < from + size; l++) {
                sum += Math.exp(row[l] - row[best]);
            }
            labels[t] = best - from;
            probabilities[t] = (float) (1.0 / sum);
        }
        return new TokenPredictions(labels, probabilities);
    }
}
