package org.clinner.model;

import java.util.List;
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
     * Records one batch and returns its padded width.
     *
     * @param sequences the batch
     * @param padTo the least width
     * @return the width the batch is padded to
     */
    int record(List<long[]> sequences, int padTo) {
        int width = padTo;
        long real = 0;
        for (long[] sequence : sequences) {
            width = Math.max(width, sequence.length);
            real += sequence.length;
        }
        tokens.addAndGet(real);
        flops.addAndGet(flops(sequences.size(), width));
        return width;
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
