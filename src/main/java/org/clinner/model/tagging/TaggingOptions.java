package org.clinner.model.tagging;

/**
 * How documents are cut into model inputs.
 *
 * @param maxLength tokens per model input, special tokens included (512 for the DT4H models)
 * @param stride tokens shared by consecutive windows of a long input (128 in the published script)
 * @param tokenBudget most padded tokens per forward batch
 * @param padToMaxLength pad every input to {@code maxLength}, as the published script does (costs
 *     time, changes no result; for benchmarks)
 * @param packSentences in words mode, pack several short sentences into one model input of up to
 *     {@code maxLength} tokens, each sentence attending only to itself (same results up to float
 *     rounding, far fewer padded and small batches)
 */
public record TaggingOptions(int maxLength, int stride, int tokenBudget, boolean padToMaxLength,
        boolean packSentences) {

    /** The published script's window and stride, with a batch budget of 8 full windows. */
    public static final TaggingOptions DEFAULT = new TaggingOptions(512, 128, 4096);

    /**
     * Options that pad each batch only to its longest input and pack short sentences.
     *
     * @param maxLength tokens per model input, special tokens included
     * @param stride tokens shared by consecutive windows
     * @param tokenBudget most padded tokens per forward batch
     */
    public TaggingOptions(int maxLength, int stride, int tokenBudget) {
        this(maxLength, stride, tokenBudget, false, true);
    }

    /**
     * Returns these options with sentence packing on or off.
     *
     * @param pack whether words mode packs short sentences together
     * @return the changed options
     */
    public TaggingOptions withPackSentences(boolean pack) {
        return new TaggingOptions(maxLength, stride, tokenBudget, padToMaxLength, pack);
    }

    /**
     * Validates the options.
     *
     * @throws IllegalArgumentException when a value is out of range
     */
    public TaggingOptions {
        if (maxLength < 3) {
            throw new IllegalArgumentException("maxLength must be at least 3, got " + maxLength);
        }
        if (stride < 0) {
            throw new IllegalArgumentException("stride must not be negative, got " + stride);
        }
        if (tokenBudget < 1) {
            throw new IllegalArgumentException("tokenBudget must be positive, got " + tokenBudget);
        }
    }
}
