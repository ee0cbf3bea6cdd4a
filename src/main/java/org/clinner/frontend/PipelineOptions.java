package org.clinner.frontend;

import org.clinner.model.tagging.InvalidSettingException;
import org.clinner.model.tagging.TaggingOptions;
import org.clinner.uima.ClinicalNerAnnotator;
import org.clinner.uima.Mode;
import org.clinner.uima.ModelSpec;
import org.clinner.uima.NerSettings;
import org.clinner.uima.PipelineSettings;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Map;

/**
 * The command-line options of the annotation pipeline that {@code clinner annotate} and the Spark
 * job share, as a picocli mixin that makes the validated {@link PipelineSettings}: the settings
 * check every value, and a problem is reported under the option's name.
 */
public final class PipelineOptions {

    /** The option of each setting whose name differs from it. */
    private static final Map<String, String> OPTIONS = Map.ofEntries(
            Map.entry(ClinicalNerAnnotator.PARAM_MODE, "--mode"),
            Map.entry(ClinicalNerAnnotator.PARAM_TOKEN_BUDGET, "--token-budget"),
            Map.entry(ClinicalNerAnnotator.PARAM_MAX_LENGTH, "--max-length"),
            Map.entry(ClinicalNerAnnotator.PARAM_STRIDE, "--stride"),
            Map.entry(ClinicalNerAnnotator.PARAM_NUM_THREADS, "--intra-op-threads"),
            Map.entry(ClinicalNerAnnotator.PARAM_PRECISION, "--precision"),
            Map.entry(ClinicalNerAnnotator.PARAM_DEVICE, "--device"),
            Map.entry(ClinicalNerAnnotator.PARAM_TORCHSCRIPT, "--torchscript"),
            Map.entry(ClinicalNerAnnotator.PARAM_BASE_MODEL, "--base-model"),
            Map.entry(ClinicalNerAnnotator.PARAM_TASKS, "--tasks"),
            Map.entry(ClinicalNerAnnotator.PARAM_ID2LABEL, "--id2label"),
            Map.entry(PipelineSettings.MODELS, "--model"),
            Map.entry(PipelineSettings.LANGUAGE, "--language"),
            Map.entry(PipelineSettings.THREADS, "--threads"));

    /** The options of one model: each {@code --model} starts a model, and the options after it are its own. */
    public static final class ModelOptions {
        @Option(names = "--model", required = true,
                description = "builtin (the demo model in the jar), a snapshot directory, a DT4H multi-task .pt"
                        + " state dict, or a Hugging Face id: a snapshot such as"
                        + " BSC-NLP4BIA/DT4H_XLM-R_stl_multilingual_procedure, a repository holding one .pt, or"
                        + " ORG/NAME/FILE.pt (hub cache first, then download). Repeat --model to run several models"
                        + " in one pass; the options below apply to the --model before them. Default: builtin.")
        private String location;

        @Option(names = "--revision", description = "Hub revision of the model: a branch, tag or commit hash"
                + " (default: main). Pins the download and the cache lookup.")
        private String revision;

        @Option(names = "--torchscript", description = "Run this TorchScript export in the snapshot folder (e.g."
                + " model-bf16.pt from tools/export_torchscript.py) instead of the safetensors weights.")
        private String torchScript;

        @Option(names = "--base-model", description = "Base model of a .pt state dict (its config.json and"
                + " tokenizer only): a directory or a hub id. Default: " + ModelSpec.DEFAULT_BASE_MODEL + ".")
        private String baseModel;

        @Option(names = "--base-revision", description = "Hub revision of the base model (default: main).")
        private String baseRevision;

        @Option(names = "--tasks", split = ",", paramLabel = "TASK",
                description = "Heads of a .pt state dict to run, e.g. disease,procedure (default: all; see"
                        + " clinner inspect). All run on one encoder pass.")
        private List<String> tasks;

        @Option(names = "--id2label", paramLabel = "TASK=FILE",
                description = "Labels of a head whose labels cannot be inferred from its task name: a JSON file"
                        + " {\"0\": \"B-X\", ...}, as the published script's --id2label_json.")
        private Map<String, String> id2label;

        /**
         * Makes the model's spec.
         *
         * @return the validated spec
         * @throws InvalidSettingException naming the parameter whose value cannot be used
         */
        public ModelSpec spec() {
            return new ModelSpec(location, revision, torchScript, baseModel, baseRevision, tasks, id2label);
        }
    }

    @ArgGroup(exclusive = false, multiplicity = "0..*")
    private List<ModelOptions> models;

    @Option(names = "--mode", defaultValue = ClinicalNerAnnotator.MODE_WORDS,
            description = "words (DKPro tokens per sentence, as the model was trained) or raw (the published"
                    + " script's algorithm on the whole text). Default: ${DEFAULT-VALUE}.")
    private String mode;

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

    @Option(names = "--precision", defaultValue = "fp32",
            description = "Precision of the encoder's products: fp32, bf16 (fast with AVX512-BF16 or AMX, emulated"
                    + " and slow without) or int8 (dynamic quantization, CPU only); embeddings, norms and heads stay"
                    + " float32. Default: ${DEFAULT-VALUE}.")
    private String precision;

    @Option(names = "--device", defaultValue = "cpu",
            description = "Where the models compute: cpu, cuda or cuda:N (needs a CUDA libtorch, see the README)."
                    + " Default: ${DEFAULT-VALUE}.")
    private String device;

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
            NerSettings ner = new NerSettings(Mode.parse(mode), tagging, intraOpThreads,
                    NerSettings.precision(precision), NerSettings.device(device));
            List<ModelSpec> specs = models == null ? List.of(ModelSpec.BUILTIN)
                    : models.stream().map(ModelOptions::spec).toList();
            return new PipelineSettings(specs, ner, language, threads, offline);
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
