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
     * Computes logits with every row right-padded with the pad id to the longest sequence, or to
     * {@code padTo} when that is longer.
     *
     * @param sequences token ids, each with its special tokens
     * @param padTo the least width of the batch (0: the longest sequence)
     * @return per sequence, its logits {@code [length][labels]} (padding removed)
     */
    default List<float[][]> logits(List<long[]> sequences, int padTo) {
        return logits(BatchLayout.unpacked(sequences, padTo));
    }

    /**
     * Computes logits padded to the longest sequence.
     *
     * @param sequences token ids, each with its special tokens
     * @return per sequence, its logits {@code [length][labels]}
     */
    default List<float[][]> logits(List<long[]> sequences) {
        return logits(sequences, 0);
    }

    /**
     * Returns how many tokens (special tokens included, padding excluded) went through the network.
     *
     * @return the count since loading, over all threads
     */
    long tokensProcessed();

    /**
     * Returns the floating-point operations of the forward passes run so far (padding included).
     *
     * @return the count since loading, over all threads
     */
    long flopsProcessed();

    @Override
    void close();
}
