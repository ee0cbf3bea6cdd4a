package org.clinner.uima;

import org.clinner.model.ModelKey;
import org.clinner.model.nn.ComputeDevice;
import org.clinner.model.nn.Precision;
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
 * @param precision the precision of the encoder's products
 * @param device where the model computes
 */
public record NerSettings(Mode mode, TaggingOptions tagging, int numThreads, Precision precision,
        ComputeDevice device) implements Serializable {

    /** The annotator's defaults. */
    public static final NerSettings DEFAULTS = new NerSettings(Mode.WORDS,
            new TaggingOptions(Integer.parseInt(ClinicalNerAnnotator.DEFAULT_MAX_LENGTH),
                    Integer.parseInt(ClinicalNerAnnotator.DEFAULT_STRIDE),
                    Integer.parseInt(ClinicalNerAnnotator.DEFAULT_TOKEN_BUDGET)), 0, Precision.FP32, ComputeDevice.CPU);

    /**
     * Validates the settings.
     *
     * @throws InvalidSettingException naming the first parameter whose value cannot be used
     */
    public NerSettings {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(tagging, "tagging");
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(device, "device");
        if (numThreads < 0) {
            throw new InvalidSettingException(ClinicalNerAnnotator.PARAM_NUM_THREADS,
                    "must be at least 0, not " + numThreads);
        }
    }

    /**
     * Parses a precision's name as a setting.
     *
     * @param name {@code fp32}, {@code bf16} or {@code int8}
     * @return the precision
     * @throws InvalidSettingException naming {@code precision} for any other name
     */
    public static Precision precision(String name) {
        try {
            return Precision.parse(name);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(ClinicalNerAnnotator.PARAM_PRECISION, "must be fp32, bf16 or int8, not '"
                    + name + "'");
        }
    }

    /**
     * Parses a device's name as a setting.
     *
     * @param name {@code cpu}, {@code cuda} or {@code cuda:N}
     * @return the device
     * @throws InvalidSettingException naming {@code device} for any other name
     */
    public static ComputeDevice device(String name) {
        try {
            return ComputeDevice.parse(name);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(ClinicalNerAnnotator.PARAM_DEVICE, "must be cpu, cuda or cuda:N, not '"
                    + name + "'");
        }
    }

    /**
     * Returns these settings with other libtorch threads.
     *
     * @param threads intra-op threads, 0 for libtorch's default
     * @return the changed settings
     */
    public NerSettings withNumThreads(int threads) {
        return new NerSettings(mode, tagging, threads, precision, device);
    }

    /**
     * Returns these settings in another input mode.
     *
     * @param other the mode
     * @return the changed settings
     */
    public NerSettings withMode(Mode other) {
        return new NerSettings(other, tagging, numThreads, precision, device);
    }

    /**
     * Runs a resolved model in these settings' precision and on their device.
     *
     * @param model the model as resolved (fp32, CPU)
     * @return its key in this precision, on this device
     * @throws InvalidSettingException naming {@code precision} for a TorchScript export in another
     *     precision than fp32, or int8 on a GPU; naming {@code device} for a GPU libtorch cannot use
     */
    public ModelKey place(ModelKey model) {
        try {
            device.checkAvailable();
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(ClinicalNerAnnotator.PARAM_DEVICE, e.getMessage());
        }
        if (precision == Precision.INT8 && !device.isCpu()) {
            throw new InvalidSettingException(ClinicalNerAnnotator.PARAM_PRECISION, "is int8, which runs on the CPU"
                    + " only (FBGEMM's products); on " + device.name() + " use fp32 or bf16");
        }
        if (model.torchScript() != null && precision != Precision.FP32) {
            throw new InvalidSettingException(ClinicalNerAnnotator.PARAM_PRECISION, "is " + precision.label()
                    + ", but the TorchScript export " + model.torchScript() + " computes in the precision it was"
                    + " exported in (leave the precision at fp32)");
        }
        return model.on(precision, device);
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
            ClinicalNerAnnotator.PARAM_NUM_THREADS, numThreads,
            ClinicalNerAnnotator.PARAM_PRECISION, precision.label(),
            ClinicalNerAnnotator.PARAM_DEVICE, device.name()};
        Object[] modelParameters = model.parameters();
        Object[] all = new Object[modelParameters.length + own.length];
        System.arraycopy(modelParameters, 0, all, 0, modelParameters.length);
        System.arraycopy(own, 0, all, modelParameters.length, own.length);
        return all;
    }
}
