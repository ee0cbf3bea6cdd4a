package org.clinner.model.nn;

import java.util.List;

/**
 * A token classification network: token ids in, logits per token out. Implemented by the DJL
 * NDArray forward pass ({@link XlmRobertaTokenClassifier}) and by TorchScript modules exported
 * from a snapshot ({@link TorchScriptTokenClassifier}). Thread-safe.
 */
public interface TokenClassifier extends AutoCloseable {

    /**
     * Computes the logits of one batch.
     *
     * @param batch the batch's rows, padding and packing
     * @return per sequence, in the order of {@link BatchLayout#sequences()}, its logits
     *     {@code [length][labels]} (padding removed)
     */
    List<float[][]> logits(BatchLayout batch);

    /**
     * Returns how many tokens (special tokens included, padding excluded) {@link #logits} computed.
     *
     * @return the count since loading, over all threads (training forward passes are not counted)
     */
    long tokensProcessed();

    /**
     * Returns the floating-point operations of the forward passes of {@link #logits} so far (padding
     * included).
     *
     * @return the count since loading, over all threads (training forward passes are not counted)
     */
    long flopsProcessed();

    @Override
    void close();
}
