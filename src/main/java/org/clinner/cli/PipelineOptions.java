package org.clinner.cli;

import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngineDescription;

import org.clinner.uima.ClinicalNerAnnotator;

import org.apache.uima.analysis_engine.AnalysisEngineDescription;
import org.apache.uima.resource.ResourceInitializationException;
import org.dkpro.core.tokit.BreakIteratorSegmenter;
import picocli.CommandLine.Option;

import java.io.Serializable;

/**
 * The options of the annotation pipeline (segmenter and NER annotator) that {@code clinner annotate}
 * and the Spark job share, and the pipeline they describe. Serializable, so that a Spark job can
 * send them to its executors.
 */
public final class PipelineOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    @Option(names = "--model", defaultValue = "builtin",
            description = "builtin (the demo model in the jar), a snapshot directory, or a Hugging Face id such as"
                    + " BSC-NLP4BIA/DT4H_XLM-R_stl_multilingual_procedure (hub cache first, then download). Default: ${DEFAULT-VALUE}.")
    private String model;

    @Option(names = "--mode", defaultValue = "words",
            description = "words (DKPro tokens per sentence, as the model was trained) or raw (the published"
                    + " script's algorithm on the whole text). Default: ${DEFAULT-VALUE}.")
    private String mode;

    @Option(names = "--torchscript", description = "Run this TorchScript export in the model folder (e.g."
            + " model-bf16.pt from tools/export_torchscript.py) instead of the safetensors weights.")
    private String torchScript;

    @Option(names = {"--token-budget", "--batch-tokens"}, defaultValue = "4096",
            description = "Most padded tokens in one forward batch (the batch size). Default: ${DEFAULT-VALUE}.")
    private int tokenBudget;

    @Option(names = "--pack-sentences", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Words mode: pack several short sentences into one model input, each attending only to"
                    + " itself (--no-pack-sentences: one sentence per input). Default: ${DEFAULT-VALUE}.")
    private boolean packSentences;

    @Option(names = "--intra-op-threads", defaultValue = "0",
            description = "libtorch threads per forward pass; 0 divides the CPUs among the pipeline threads.")
    private int intraOpThreads;

    @Option(names = "--max-length", defaultValue = "0",
            description = "Tokens per model input, special tokens included; 0 takes the model's (512).")
    private int maxLength;

    @Option(names = "--stride", defaultValue = "128",
            description = "Tokens shared by consecutive windows of a long input. Default: ${DEFAULT-VALUE}.")
    private int stride;

    @Option(names = "--language", defaultValue = "es",
            description = "Document language, passed to the segmenter. Default: ${DEFAULT-VALUE}.")
    private String language;

    @Option(names = "--offline", description = "Never download a model (as HF_HUB_OFFLINE=1 does).")
    private boolean offline;

    /**
     * Returns what is wrong with the options, if anything.
     *
     * @return a message for the user, or null when the options are usable
     */
    public String problem() {
        if (!mode.equals(ClinicalNerAnnotator.MODE_WORDS) && !mode.equals(ClinicalNerAnnotator.MODE_RAW)) {
            return "--mode must be words or raw, not " + mode;
        }
        return tokenBudget < 1 ? "--token-budget must be at least 1" : null;
    }

    /**
     * Describes the pipeline: DKPro's segmenter, then the NER annotator on a model.
     *
     * @param modelLocation a model directory, {@code builtin} or a Hugging Face id
     * @return segmenter and annotator, in that order
     * @throws ResourceInitializationException when a description cannot be made
     */
    public AnalysisEngineDescription[] engines(String modelLocation) throws ResourceInitializationException {
        return new AnalysisEngineDescription[] {
            createEngineDescription(BreakIteratorSegmenter.class, BreakIteratorSegmenter.PARAM_LANGUAGE, language),
            ClinicalNerAnnotator.description(modelLocation,
                    ClinicalNerAnnotator.PARAM_MODE, mode,
                    ClinicalNerAnnotator.PARAM_TORCHSCRIPT, torchScript,
                    ClinicalNerAnnotator.PARAM_TOKEN_BUDGET, tokenBudget,
                    ClinicalNerAnnotator.PARAM_PACK_SENTENCES, packSentences,
                    ClinicalNerAnnotator.PARAM_MAX_LENGTH, maxLength,
                    ClinicalNerAnnotator.PARAM_STRIDE, stride)};
    }

    /**
     * Returns the model location as given.
     *
     * @return {@code builtin}, a directory or a Hugging Face id
     */
    public String model() {
        return model;
    }

    /**
     * Returns the TorchScript export to run, if any.
     *
     * @return a file name in the model folder, or null
     */
    public String torchScript() {
        return torchScript;
    }

    /**
     * Returns the document language.
     *
     * @return e.g. {@code es}
     */
    public String language() {
        return language;
    }

    /**
     * Returns whether downloads are forbidden.
     *
     * @return true with {@code --offline}
     */
    public boolean offline() {
        return offline;
    }

    /**
     * Returns the libtorch threads per forward pass for a number of pipeline threads.
     *
     * @param pipelineThreads threads that run forward passes at the same time
     * @return {@code --intra-op-threads}, or the CPUs divided among the pipeline threads
     */
    public int intraOpThreads(int pipelineThreads) {
        return intraOpThreads > 0 ? intraOpThreads
                : Math.max(1, Runtime.getRuntime().availableProcessors() / pipelineThreads);
    }
}
