package org.clinner.model.tagging;

import java.io.Serializable;

/**
 * How documents are cut into model inputs, validated when made (the one place that checks these
 * values, for the runtime's own callers and for the pipeline's settings alike).
 *
 * @param maxLength tokens per model input, special tokens included; 0 takes the model's (512 for the
 *     DT4H models), else at least 3
 * @param stride tokens shared by consecutive windows of a long input (128 in the published script),
 *     at least 0
 * @param tokenBudget most padded tokens per forward batch, at least 1
 * @param padToMaxLength pad every input to {@code maxLength}, as the published script does (costs
 *     time, changes no result; for benchmarks)
 * @param packSentences in words mode, pack several short sentences into one model input of up to
 *     {@code maxLength} tokens, each sentence attending only to itself (same results up to float
 *     rounding, far fewer padded and small batches)
 */
public record TaggingOptions(int maxLength, int stride, int tokenBudget, boolean padToMaxLength,
        boolean packSentences) implements Serializable {

    /** The published script's window and stride, with a batch budget of 8 full windows. */
    public static final TaggingOptions DEFAULT = new TaggingOptions(512, 128, 4096);

    /**
     * Options that pad each batch only to its longest input and pack short sentences.
     *
     * @param maxLength tokens per model input, special tokens included (0: the model's)
     * @param stride tokens shared by consecutive windows
     * @param tokenBudget most padded tokens per forward batch
     */
    public TaggingOptions(int maxLength, int stride, int tokenBudget) {
        this(maxLength, stride, tokenBudget, false, true);
    }

    /**
     * Validates the options.
     *
     * @throws InvalidSettingException naming the first value that cannot be used
     */
    public TaggingOptions {
        if (maxLength != 0 && maxLength < 3) {
            throw new InvalidSettingException("maxLength", "must be at least 3, not " + maxLength);
        }
        if (stride < 0) {
            throw new InvalidSettingException("stride", "must be at least 0, not " + stride);
        }
        if (tokenBudget < 1) {
            throw new InvalidSettingException("tokenBudget", "must be at least 1, not " + tokenBudget);
        }
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
     * Returns the input length on a model.
     *
     * @param modelMaxLength the model's longest input
     * @return {@link #maxLength()}, or the model's when it is 0
     */
    public int maxLengthOn(int modelMaxLength) {
        return maxLength == 0 ? modelMaxLength : maxLength;
    }
}
