package org.clinner.frontend;

import org.clinner.model.tagging.InvalidSettingException;
import org.clinner.model.tagging.TaggingOptions;
import org.clinner.uima.ClinicalNerAnnotator;
import org.clinner.uima.Mode;
import org.clinner.uima.NerSettings;
import org.clinner.uima.PipelineSettings;

import picocli.CommandLine.Option;

import java.util.Map;

/**
 * The command-line options of the annotation pipeline that {@code clinner annotate} and the Spark
 * job share, as a picocli mixin that makes the validated {@link PipelineSettings}: the settings
 * check every value, and a problem is reported under the option's name.
 */
public final class PipelineOptions {

    /** The option of each setting whose name differs from it. */
    private static final Map<String, String> OPTIONS = Map.of(
            ClinicalNerAnnotator.PARAM_MODE, "--mode",
            ClinicalNerAnnotator.PARAM_TOKEN_BUDGET, "--token-budget",
            ClinicalNerAnnotator.PARAM_MAX_LENGTH, "--max-length",
            ClinicalNerAnnotator.PARAM_STRIDE, "--stride",
            ClinicalNerAnnotator.PARAM_NUM_THREADS, "--intra-op-threads",
            PipelineSettings.LANGUAGE, "--language",
            PipelineSettings.THREADS, "--threads");

    @Option(names = "--model", defaultValue = "builtin",
            description = "builtin (the demo model in the jar), a snapshot directory, or a Hugging Face id such as"
                    + " BSC-NLP4BIA/DT4H_XLM-R_stl_multilingual_procedure (hub cache first, then download)."
                    + " Default: ${DEFAULT-VALUE}.")
    private String model;

    @Option(names = "--mode", defaultValue = ClinicalNerAnnotator.MODE_WORDS,
            description = "words (DKPro tokens per sentence, as the model was trained) or raw (the published"
                    + " script's algorithm on the whole text). Default: ${DEFAULT-VALUE}.")
    private String mode;

    @Option(names = "--torchscript", description = "Run this TorchScript export in the model folder (e.g."
            + " model-bf16.pt from tools/export_torchscript.py) instead of the safetensors weights.")
    private String torchScript;

    @Option(names = {"--token-budget", "--batch-tokens"}, defaultValue = ClinicalNerAnnotator.DEFAULT_TOKEN_BUDGET,
            description = "Most padded tokens in one forward batch (the batch size). Default: ${DEFAULT-VALUE}.")
    private int tokenBudget;

    @Option(names = "--pack-sentences", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Words mode: pack several short sentences into one model input, each attending only to"
                    + " itself (--no-pack-sentences: one sentence per input). Default: ${DEFAULT-VALUE}.")
    private boolean packSentences;

    @Option(names = "--intra-op-threads", defaultValue = "0",
            description = "libtorch threads per forward pass; 0 divides the CPUs among the pipeline threads.")
    private int intraOpThreads;

    @Option(names = "--max-length", defaultValue = ClinicalNerAnnotator.DEFAULT_MAX_LENGTH,
            description = "Tokens per model input, special tokens included; 0 takes the model's (512).")
    private int maxLength;

    @Option(names = "--stride", defaultValue = ClinicalNerAnnotator.DEFAULT_STRIDE,
            description = "Tokens shared by consecutive windows of a long input. Default: ${DEFAULT-VALUE}.")
    private int stride;

    @Option(names = "--language", defaultValue = "es",
            description = "Document language, passed to the segmenter. Default: ${DEFAULT-VALUE}.")
    private String language;

    @Option(names = "--offline", description = "Never download a model (as HF_HUB_OFFLINE=1 does).")
    private boolean offline;

    /**
     * Makes the settings of these options.
     *
     * @param threads pipeline threads that share the model
     * @return the validated settings
     * @throws InvalidSettingException naming the option whose value cannot be used
     */
    public PipelineSettings settings(int threads) {
        try {
            TaggingOptions tagging = new TaggingOptions(maxLength, stride, tokenBudget)
                    .withPackSentences(packSentences);
            NerSettings ner = new NerSettings(model, torchScript, Mode.parse(mode), tagging, intraOpThreads);
            return new PipelineSettings(ner, language, threads, offline);
        } catch (InvalidSettingException e) {
            throw asOption(e);
        }
    }

    /**
     * Names a setting that cannot be used by its command-line option.
     *
     * @param problem the problem, naming the setting as the annotator's parameter
     * @return the same problem naming the option, e.g. {@code --token-budget}
     */
    public static InvalidSettingException asOption(InvalidSettingException problem) {
        String option = OPTIONS.getOrDefault(problem.setting(), problem.setting());
        return new InvalidSettingException(option, problem.problem());
    }
}
