package org.clinner.uima;

import org.clinner.model.ModelKey;
import org.clinner.model.hub.BuiltinModel;
import org.clinner.model.tagging.InvalidSettingException;
import org.clinner.model.tagging.TaggingOptions;

import java.io.Serializable;
import java.util.Objects;

/**
 * The settings of {@link ClinicalNerAnnotator} that front ends set: the annotator builds one from
 * its parameters in {@code initialize}, and {@link ClinnerPipeline} turns one into those parameters,
 * so each value is checked in one place: the window, stride and batch by {@link TaggingOptions},
 * the rest by this record.
 *
 * @param modelLocation {@code builtin}, a snapshot directory or a Hugging Face id (null or blank:
 *     {@code builtin})
 * @param torchScript a TorchScript export in the snapshot to run instead of its weights, or null
 * @param mode words or raw
 * @param tagging window, stride, batch budget and sentence packing (its max length 0: the model's)
 * @param numThreads libtorch intra-op threads; 0 keeps libtorch's default
 */
public record NerSettings(String modelLocation, String torchScript, Mode mode, TaggingOptions tagging,
        int numThreads) implements Serializable {

    /** The annotator's defaults. */
    public static final NerSettings DEFAULTS = new NerSettings(BuiltinModel.NAME, null, Mode.WORDS,
            new TaggingOptions(Integer.parseInt(ClinicalNerAnnotator.DEFAULT_MAX_LENGTH),
                    Integer.parseInt(ClinicalNerAnnotator.DEFAULT_STRIDE),
                    Integer.parseInt(ClinicalNerAnnotator.DEFAULT_TOKEN_BUDGET)), 0);

    /**
     * Validates the settings.
     *
     * @throws InvalidSettingException naming the first parameter whose value cannot be used
     */
    public NerSettings {
        modelLocation = modelLocation == null || modelLocation.isBlank() ? BuiltinModel.NAME : modelLocation;
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(tagging, "tagging");
        if (numThreads < 0) {
            throw new InvalidSettingException(ClinicalNerAnnotator.PARAM_NUM_THREADS,
                    "must be at least 0, not " + numThreads);
        }
    }

    /**
     * Returns these settings on a resolved model.
     *
     * @param model the model's directory and TorchScript export
     * @return the settings naming that directory and export
     */
    public NerSettings withModel(ModelKey model) {
        return new NerSettings(model.location().toString(), model.torchScript(), mode, tagging, numThreads);
    }

    /**
     * Returns these settings with other libtorch threads.
     *
     * @param threads intra-op threads, 0 for libtorch's default
     * @return the changed settings
     */
    public NerSettings withNumThreads(int threads) {
        return new NerSettings(modelLocation, torchScript, mode, tagging, threads);
    }

    /**
     * Returns the annotator's parameters.
     *
     * @return {@code PARAM_*} name and value pairs, for {@code createEngineDescription}
     */
    Object[] parameters() {
        return new Object[] {
            ClinicalNerAnnotator.PARAM_MODEL_LOCATION, modelLocation,
            ClinicalNerAnnotator.PARAM_TORCHSCRIPT, torchScript,
            ClinicalNerAnnotator.PARAM_MODE, mode.value(),
            ClinicalNerAnnotator.PARAM_TOKEN_BUDGET, tagging.tokenBudget(),
            ClinicalNerAnnotator.PARAM_MAX_LENGTH, tagging.maxLength(),
            ClinicalNerAnnotator.PARAM_STRIDE, tagging.stride(),
            ClinicalNerAnnotator.PARAM_PACK_SENTENCES, tagging.packSentences(),
            ClinicalNerAnnotator.PARAM_NUM_THREADS, numThreads};
    }
}
