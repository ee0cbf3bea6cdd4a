package org.clinner.model;

/**
 * How documents are cut into model inputs.
 *
 * @param maxLength tokens per model input, special tokens included (512 for the DT4H models)
 * @param stride tokens shared by consecutive windows of a long input (128 in the published script)
 * @param tokenBudget most padded tokens per forward batch
 * @param padToMaxLength pad every input to {@code maxLength}, as the published script does (costs
 *     time, changes no result; for benchmarks)
 */
public record TaggingOptions(int maxLength, int stride, int tokenBudget, boolean padToMaxLength) {

    /** The published script's window and stride, with a batch budget of 8 full windows. */
    public static final TaggingOptions DEFAULT = new TaggingOptions(512, 128, 4096);

    /**
     * Options that pad each batch only to its longest input.
     *
     * @param maxLength tokens per model input, special tokens included
     * @param stride tokens shared by consecutive windows
     * @param tokenBudget most padded tokens per forward batch
     */
    public TaggingOptions(int maxLength, int stride, int tokenBudget) {
        this(maxLength, stride, tokenBudget, false);
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
