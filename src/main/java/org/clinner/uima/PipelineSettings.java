package org.clinner.uima;

import org.clinner.model.tagging.InvalidSettingException;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * Everything a front end (command line, Spark job, server) decides about the ClinNER pipeline,
 * validated when it is made: the models to run (one annotator each, all mentions in one CAS), the
 * annotators' settings, the documents' language (for the segmenter), how many pipeline threads share
 * the models, and whether a model may be downloaded. Serializable, so a Spark job can send it to its
 * executors.
 *
 * @param models the models, at least one, in the order their annotators run
 * @param ner the annotators' settings; its {@link NerSettings#numThreads()} 0 divides the CPUs of the
 *     JVM that runs the pipeline among its threads ({@link #intraOpThreads()})
 * @param language the documents' language, e.g. {@code es}
 * @param threads pipeline threads sharing the models, at least 1
 * @param offline never download a model (as {@code HF_HUB_OFFLINE=1})
 */
public record PipelineSettings(List<ModelSpec> models, NerSettings ner, String language, int threads, boolean offline)
        implements Serializable {

    /** The setting name of {@link #models()}. */
    public static final String MODELS = "models";
    /** The setting name of {@link #language()}. */
    public static final String LANGUAGE = "language";
    /** The setting name of {@link #threads()}. */
    public static final String THREADS = "threads";

    /**
     * Validates the settings.
     *
     * @throws InvalidSettingException naming the first setting whose value cannot be used
     */
    public PipelineSettings {
        Objects.requireNonNull(ner, "ner");
        if (models == null || models.isEmpty()) {
            throw new InvalidSettingException(MODELS, "must name at least one model");
        }
        models = List.copyOf(models);
        if (language == null || language.isBlank()) {
            throw new InvalidSettingException(LANGUAGE, "must name a language, e.g. es");
        }
        if (threads < 1) {
            throw new InvalidSettingException(THREADS, "must be at least 1, not " + threads);
        }
    }

    /**
     * Returns the libtorch threads each forward pass gets in the JVM that calls this.
     *
     * @return the annotator's {@code numThreads} if set, else this JVM's CPUs divided among the
     *     pipeline threads (at least 1)
     */
    public int intraOpThreads() {
        return ner.numThreads() > 0 ? ner.numThreads() : Math.max(1, Runtime.getRuntime()
                .availableProcessors() / threads);
    }

    /**
     * Returns the annotator's defaults for documents in a language, on one thread.
     *
     * @param language e.g. {@code es}
     * @return the settings
     */
    public static PipelineSettings defaults(String language) {
        return new PipelineSettings(List.of(ModelSpec.BUILTIN), NerSettings.DEFAULTS, language, 1, false);
    }
}
