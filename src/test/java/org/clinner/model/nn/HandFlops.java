package org.clinner.model.nn;

import org.clinner.model.snapshot.ModelConfig;

/** The floating-point operations of an XLM-R forward pass, counted by hand per matrix product. */
public final class HandFlops {

    private HandFlops() {}

    /**
     * Counts one forward pass of a padded batch: 2 per multiply-add.
     *
     * @param config the architecture
     * @param labels the classifier's labels
     * @param rows batch rows
     * @param width padded length
     * @return the count
     */
    public static long of(ModelConfig config, int labels, long rows, long width) {
        long hidden = config.hiddenSize();
        long tokens = rows * width;
        // query, key, value and attention output; the feed-forward's two products; QK^T and probabilities x V
        long projections = 4 * 2 * tokens * hidden * hidden;
        long feedForward = 2 * 2 * tokens * hidden * config.intermediateSize();
        long attention = 2 * 2 * rows * width * width * hidden;
        long classifier = 2 * tokens * hidden * labels;
        return config.numLayers() * (projections + feedForward + attention) + classifier;
    }
}
