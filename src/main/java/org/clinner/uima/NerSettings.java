package org.clinner.uima;

import org.clinner.model.ModelKey;
import org.clinner.model.hub.BuiltinModel;
import org.clinner.model.tagging.TaggingOptions;

import java.io.Serializable;

/**
 * The settings of {@link ClinicalNerAnnotator} that front ends set, validated: the annotator
 * builds one from its parameters in {@code initialize}, and {@link ClinnerPipeline} turns one into
 * those parameters, so every value is checked by this constructor and nowhere else.
 *
 * @param modelLocation {@code builtin}, a snapshot directory or a Hugging Face id (null or blank:
 *     {@code builtin})
 * @param torchScript a TorchScript export in the snapshot to run instead of its weights, or null
 * @param mode words or raw
 * @param tokenBudget most padded tokens per forward batch, at least 1
 * @param maxLength tokens per model input, special tokens included; 0 takes the model's, else at least 3
 * @param stride tokens shared by consecutive windows, at least 0
 * @param packSentences whether words mode packs short sentences into shared inputs
 * @param numThreads libtorch intra-op threads; 0 keeps libtorch's default
 */
public record NerSettings(String modelLocation, String torchScript, Mode mode, int tokenBudget, int maxLength,
        int stride, boolean packSentences, int numThreads) implements Serializable {

    /** The annotator's defaults. */
    public static final NerSettings DEFAULTS = new NerSettings(BuiltinModel.NAME, null, Mode.WORDS,
            Integer.parseInt(ClinicalNerAnnotator.DEFAULT_TOKEN_BUDGET), Integer.parseInt(
            ClinicalNerAnnotator.DEFAULT_MAX_LENGTH),
            Integer.parseInt(ClinicalNerAnnotator.DEFAULT_STRIDE), true, 0);

    /**
     * Validates the settings.
     *
     * @throws InvalidSettingException naming the first parameter whose value cannot be used
     */
    public NerSettings {
        modelLocation = modelLocation == null || modelLocation.isBlank() ? BuiltinModel.NAME : modelLocation;
        if (mode == null) {
            throw new InvalidSettingException(ClinicalNerAnnotator.PARAM_MODE, "must be words or raw");
        }
        atLeast(ClinicalNerAnnotator.PARAM_TOKEN_BUDGET, tokenBudget, 1);
        if (maxLength != 0) {
            atLeast(ClinicalNerAnnotator.PARAM_MAX_LENGTH, maxLength, 3);
        }
        atLeast(ClinicalNerAnnotator.PARAM_STRIDE, stride, 0);
        atLeast(ClinicalNerAnnotator.PARAM_NUM_THREADS, numThreads, 0);
    }

    private static void atLeast(String setting, int value, int least) {
        if (value < least) {
            throw new InvalidSettingException(setting, "must be at least " + least + ", not " + value);
        }
    }

    /**
     * Returns these settings on a resolved model.
     *
     * @param model the model's directory and TorchScript export
     * @return the settings naming that directory and export
     */
    public NerSettings withModel(ModelKey model) {
        return new NerSettings(model.directory().toString(), model.torchScript(), mode, tokenBudget, maxLength, stride,
                packSentences, numThreads);
    }

    /**
     * Returns these settings with other libtorch threads.
     *
     * @param threads intra-op threads, 0 for libtorch's default
     * @return the changed settings
     */
    public NerSettings withNumThreads(int threads) {
        return new NerSettings(modelLocation, torchScript, mode, tokenBudget, maxLength, stride, packSentences,
                threads);
    }

    /**
     * Returns how documents are cut into inputs of a model.
     *
     * @param modelMaxLength the model's longest input, taken when {@link #maxLength()} is 0
     * @return the runtime's options
     */
    public TaggingOptions taggingOptions(int modelMaxLength) {
        return new TaggingOptions(maxLength == 0 ? modelMaxLength : maxLength, stride, tokenBudget)
                .withPackSentences(packSentences);
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
            ClinicalNerAnnotator.PARAM_TOKEN_BUDGET, tokenBudget,
            ClinicalNerAnnotator.PARAM_MAX_LENGTH, maxLength,
            ClinicalNerAnnotator.PARAM_STRIDE, stride,
            ClinicalNerAnnotator.PARAM_PACK_SENTENCES, packSentences,
            ClinicalNerAnnotator.PARAM_NUM_THREADS, numThreads};
    }
}
