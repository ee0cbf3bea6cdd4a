package org.clinner.model;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what forward passes cost: real tokens, and the floating-point operations of the matrix
 * products of padded batches (projections, attention, feed-forward, classifier; 2 per
 * multiply-add).
 */
final class ForwardCost {

    private final ModelConfig config;
    private final int labels;
    private final AtomicLong tokens = new AtomicLong();
    private final AtomicLong flops = new AtomicLong();

    ForwardCost(ModelConfig config, int labels) {
        this.config = config;
        this.labels = labels;
    }

    /**
     * Records one batch.
     *
     * @param batch the batch
     */
    void record(BatchLayout batch) {
        tokens.addAndGet(batch.realTokens());
        flops.addAndGet(flops(batch.rows(), batch.width()));
    }

    /**
     * Counts the floating-point operations of one forward pass.
     *
     * @param rows batch rows
     * @param width padded length
     * @return 2 per multiply-add of every matrix product
     */
    long flops(long rows, long width) {
        long hidden = config.hiddenSize();
        long batchTokens = rows * width;
        long perLayer = 2 * batchTokens * hidden * (4 * hidden + 2L * config.intermediateSize())
                + 2 * 2 * rows * width * width * hidden;
        return config.numLayers() * perLayer + 2 * batchTokens * hidden * labels;
    }

    long tokens() {
        return tokens.get();
    }

    long flops() {
        return flops.get();
    }
}
