package org.clinner.model.nn;

import org.clinner.model.snapshot.ModelConfig;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What both token classifiers share around their forward pass: a batch without tokens needs none,
 * every sequence is checked against the architecture (length, vocabulary), autograd is off, and
 * the real tokens and the floating-point operations of the padded batch are counted (projections,
 * attention, feed-forward, classifier; 2 per multiply-add).
 */
public abstract class AccountedTokenClassifier implements TokenClassifier {

    private final ModelConfig config;
    private final int labels;
    private final AtomicLong tokens = new AtomicLong();
    private final AtomicLong flops = new AtomicLong();

    /**
     * Sets the architecture the batches are checked and counted against.
     *
     * @param config the architecture
     * @param labels the width of the logits
     */
    protected AccountedTokenClassifier(ModelConfig config, int labels) {
        this.config = config;
        this.labels = labels;
    }

    @Override
    public final List<float[][]> logits(BatchLayout batch) {
        List<float[][]> empty = batch.emptyLogits();
        if (empty != null) {
            return empty;
        }
        check(batch);
        DjlRuntime.disableGradOnThisThread();
        tokens.addAndGet(batch.realTokens());
        flops.addAndGet(flops(batch.rows(), batch.width()));
        float[] flat = forward(batch);
        if (flat.length != (long) batch.rows() * batch.width() * labels) {
            throw new IllegalStateException("the network gave " + flat.length + " logits for " + batch.rows()
                    + " rows of " + batch.width() + " tokens and " + labels + " labels");
        }
        return batch.unpad(flat, labels);
    }

    /**
     * Runs the network on a batch that has tokens.
     *
     * @param batch the batch
     * @return logits {@code [rows, width, labels]}, row-major
     */
    protected abstract float[] forward(BatchLayout batch);

    /**
     * Checks that every sequence of a batch fits the architecture.
     *
     * @param batch the batch
     * @throws IllegalArgumentException for a sequence longer than the position table or a token id
     *     outside the vocabulary (a tokenizer that does not match the model)
     */
    final void check(BatchLayout batch) {
        for (long[] sequence : batch.sequences()) {
            if (sequence.length > config.maxSequenceLength()) {
                throw new IllegalArgumentException("a sequence of " + sequence.length
                        + " tokens exceeds the model's " + config.maxSequenceLength() + " positions");
            }
            for (long id : sequence) {
                if (id < 0 || id >= config.vocabSize()) {
                    throw new IllegalArgumentException("token id " + id + " is outside the model's vocabulary of "
                            + config.vocabSize() + " (tokenizer.json does not match config.json)");
                }
            }
        }
    }

    /**
     * Counts the floating-point operations of one forward pass of this architecture.
     *
     * @param rows batch rows
     * @param width padded length
     * @return 2 per multiply-add of every matrix product
     */
    final long flops(long rows, long width) {
        long hidden = config.hiddenSize();
        long batchTokens = rows * width;
        long perLayer = 2 * batchTokens * hidden * (4 * hidden + 2L * config.intermediateSize())
                + 2 * 2 * rows * width * width * hidden;
        return config.numLayers() * perLayer + 2 * batchTokens * hidden * labels;
    }

    /**
     * Returns the architecture.
     *
     * @return the configuration the network was loaded with
     */
    protected final ModelConfig config() {
        return config;
    }

    @Override
    public final long tokensProcessed() {
        return tokens.get();
    }

    @Override
    public final long flopsProcessed() {
        return flops.get();
    }
}
