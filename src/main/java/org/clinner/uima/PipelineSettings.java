package org.clinner.uima;

import org.clinner.model.tagging.InvalidSettingException;

import java.io.Serializable;
import java.util.Objects;

/**
 * Everything a front end (command line, Spark job, server) decides about the ClinNER pipeline,
 * validated when it is made: the annotator's settings, the documents' language (for the
 * segmenter), how many pipeline threads share the model, and whether a model may be downloaded.
 * Serializable, so a Spark job can send it to its executors.
 *
 * @param ner the annotator's settings; its {@link NerSettings#numThreads()} 0 divides the CPUs of the
 *     JVM that runs the pipeline among its threads ({@link #intraOpThreads()})
 * @param language the documents' language, e.g. {@code es}
 * @param threads pipeline threads sharing one model, at least 1
 * @param offline never download a model (as {@code HF_HUB_OFFLINE=1})
 */
public record PipelineSettings(NerSettings ner, String language, int threads, boolean offline) implements Serializable {

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
        return new PipelineSettings(NerSettings.DEFAULTS, language, 1, false);
    }
}
