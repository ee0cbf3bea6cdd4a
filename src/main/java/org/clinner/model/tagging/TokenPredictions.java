package org.clinner.model.tagging;

/**
 * The arg-max label of every token of one sequence and its softmax probability.
 *
 * @param labels label id per token (the first index on ties, as {@code argmax} does)
 * @param probabilities softmax probability of that label per token
 */
record TokenPredictions(int[] labels, float[] probabilities) {

    /**
     * Derives predictions from logits.
     *
     * @param logits {@code [tokens][labels]}
     * @return the predictions
     */
    static TokenPredictions fromLogits(float[][] logits) {
        int[] labels = new int[logits.length];
        float[] probabilities = new float[logits.length];
        for (int t = 0; t < logits.length; t++) {
            float[] row = logits[t];
            int best = 0;
            for (int l = 1; l < row.length; l++) {
                if (row[l] > row[best]) {
                    best = l;
                }
            }
            double sum = 0;
            for (float value : row) {
                sum += Math.exp(value - row[best]);
            }
            labels[t] = best;
            probabilities[t] = (float) (1.0 / sum);
        }
        return new TokenPredictions(labels, probabilities);
    }
}
