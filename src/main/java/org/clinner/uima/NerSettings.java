package org.clinner.uima;

import org.clinner.model.tagging.InvalidSettingException;
import org.clinner.model.tagging.TaggingOptions;

import java.io.Serializable;
import java.util.Objects;

/**
 * How {@link ClinicalNerAnnotator} tags, whatever model it runs ({@link ModelSpec}): the annotator
 * builds one from its parameters in {@code initialize}, and {@link ClinnerPipeline} turns one into
 * those parameters, so each value is checked in one place: the window, stride and batch by
 * {@link TaggingOptions}, the rest by this record.
 *
 * @param mode words or raw
 * @param tagging window, stride, batch budget and sentence packing (its max length 0: the model's)
 * @param numThreads libtorch intra-op threads; 0 keeps libtorch's default
 */
public record NerSettings(Mode mode, TaggingOptions tagging, int numThreads) implements Serializable {

    /** The annotator's defaults. */
    public static final NerSettings DEFAULTS = new NerSettings(Mode.WORDS,
            new TaggingOptions(Integer.parseInt(ClinicalNerAnnotator.DEFAULT_MAX_LENGTH),
                    Integer.parseInt(ClinicalNerAnnotator.DEFAULT_STRIDE),
                    Integer.parseInt(ClinicalNerAnnotator.DEFAULT_TOKEN_BUDGET)), 0);

    /**
     * Validates the settings.
     *
     * @throws InvalidSettingException naming the first parameter whose value cannot be used
     */
    public NerSettings {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(tagging, "tagging");
        if (numThreads < 0) {
            throw new InvalidSettingException(ClinicalNerAnnotator.PARAM_NUM_THREADS,
                    "must be at least 0, not " + numThreads);
        }
    }

    /**
     * Returns these settings with other libtorch threads.
     *
     * @param threads intra-op threads, 0 for libtorch's default
     * @return the changed settings
     */
    public NerSettings withNumThreads(int threads) {
        return new NerSettings(mode, tagging, threads);
    }

    /**
     * Returns the annotator's parameters for one model.
     *
     * @param model the model
     * @return {@code PARAM_*} name and value pairs, for {@code createEngineDescription}
     */
    Object[] parameters(ModelSpec model) {
        Object[] own = {
            ClinicalNerAnnotator.PARAM_MODE, mode.value(),
            ClinicalNerAnnotator.PARAM_TOKEN_BUDGET, tagging.tokenBudget(),
            ClinicalNerAnnotator.PARAM_MAX_LENGTH, tagging.maxLength(),
            ClinicalNerAnnotator.PARAM_STRIDE, tagging.stride(),
            ClinicalNerAnnotator.PARAM_PACK_SENTENCES, tagging.packSentences(),
            ClinicalNerAnnotator.PARAM_NUM_THREADS, numThreads};
        Object[] modelParameters = model.parameters();
        Object[] all = new Object[modelParameters.length + own.length];
        System.arraycopy(modelParameters, 0, all, 0, modelParameters.length);
        System.arraycopy(own, 0, all, modelParameters.length, own.length);
        return all;
    }
}
