package org.clinner.model;

import org.clinner.model.nn.CoalescingClassifier;
import org.clinner.model.nn.TokenClassifier;
import org.clinner.model.nn.TorchScriptTokenClassifier;
import org.clinner.model.nn.WeightLayout;
import org.clinner.model.nn.XlmRobertaTokenClassifier;
import org.clinner.model.snapshot.ModelConfig;
import org.clinner.model.snapshot.ModelLoadException;
import org.clinner.model.snapshot.MultiTaskLayout;
import org.clinner.model.snapshot.Safetensors;
import org.clinner.model.snapshot.SnapshotFiles;
import org.clinner.model.snapshot.TaskLabels;
import org.clinner.model.snapshot.TorchStateDict;
import org.clinner.model.snapshot.WeightFile;
import org.clinner.model.tagging.DocumentTagger;
import org.clinner.model.tagging.LabelScheme;
import org.clinner.model.tagging.Mention;
import org.clinner.model.tagging.Span;
import org.clinner.model.tagging.SubwordTokenizer;
import org.clinner.model.tagging.TaggingHead;
import org.clinner.model.tagging.TaggingOptions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A DT4H token classification model, and the two ways of tagging a document with it. It is loaded
 * from a directory in Hugging Face snapshot layout ({@code config.json}, {@code model.safetensors},
 * {@code tokenizer.json}, optionally {@code tokenizer_config.json}: one head), or from a DT4H
 * multi-task {@code .pt} state dict with the {@code config.json} and tokenizer of its base model
 * (several heads on one encoder pass, each decoded with its own labels). Thread-safe: one instance
 * serves any number of threads.
 */
public final class NerModel implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ModelConfig config;
    private final List<TaggingHead> heads;
    private final SubwordTokenizer tokenizer;
    private final TokenClassifier classifier;
    private final int maxLength;
    private final DocumentTagger tagger;
    private final boolean ownsResources;
    private final Map<Duration, NerModel> batching = new ConcurrentHashMap<>();

    /** Most padded tokens in one forward call that joins the batches of concurrent callers. */
    public static final long JOINED_TOKEN_BUDGET = 16384;

    private NerModel(ModelConfig config, List<TaggingHead> heads, SubwordTokenizer tokenizer,
            TokenClassifier classifier, int maxLength, boolean ownsResources) {
        this.config = config;
        this.heads = List.copyOf(heads);
        this.tokenizer = tokenizer;
        this.classifier = classifier;
        this.maxLength = maxLength;
        this.tagger = new DocumentTagger(tokenizer, classifier, heads, maxLength);
        this.ownsResources = ownsResources;
    }

    /**
     * Wraps a network and tokenizer that another object owns (a model being trained) for tagging;
     * closing the view releases nothing.
     *
     * @param config the architecture
     * @param scheme the labels of its one head
     * @param tokenizer the tokenizer
     * @param classifier the network
     * @return the view
     */
    public static NerModel view(ModelConfig config, LabelScheme scheme, SubwordTokenizer tokenizer,
            TokenClassifier classifier) {
        return new NerModel(config, List.of(new TaggingHead(TaggingHead.SINGLE, scheme)), tokenizer, classifier,
                config.maxSequenceLength(), false);
    }

    /**
     * Loads a snapshot directory, in fp32 on the CPU. Every file is checked before any weight is read.
     *
     * @param directory the snapshot directory
     * @return the model; close it to release its native memory
     * @throws ModelLoadException naming the file (and tensor) that is missing or malformed
     */
    public static NerModel load(Path directory) throws ModelLoadException {
        return load(new ModelKey(directory, null));
    }

    /**
     * Loads a snapshot directory, optionally running a TorchScript export of it (e.g.
     * {@code model-bf16.pt} from {@code tools/export_torchscript.py}) instead of the safetensors
     * weights.
     *
     * @param directory the snapshot directory
     * @param torchScript a {@code .pt} file name in the directory, or null for the safetensors weights
     * @return the model; close it to release its native memory
     * @throws ModelLoadException naming the file (and tensor) that is missing or malformed
     */
    public static NerModel load(Path directory, String torchScript) throws ModelLoadException {
        return load(new ModelKey(directory, torchScript));
    }

    /**
     * Loads the model a key names: a snapshot, or a multi-task state dict on its base model, run by the
     * XLM-R program in the key's precision on its device (or by the key's TorchScript export). Every
     * file is checked before any weight is read.
     *
     * @param key the model
     * @return the model; close it to release its native memory
     * @throws ModelLoadException naming the file (and tensor, or head) that is missing or malformed, or
     *     the device that cannot be used
     */
    public static NerModel load(ModelKey key) throws ModelLoadException {
        return load(key, (file, config, layout) -> TorchScriptTokenClassifier.program(file, config, layout,
                key.precision(), key.device()));
    }

    /**
     * Loads the model a key names with the reference forward pass: DJL NDArray operations on the
     * memory-mapped float32 weights, on the CPU (the key's precision and device are not used). Slower
     * than {@link #load(ModelKey)}; what the program's results are checked against.
     *
     * @param key the model
     * @return the model; close it to release its native memory
     * @throws ModelLoadException naming the file (and tensor, or head) that is missing or malformed
     */
    public static NerModel loadReference(ModelKey key) throws ModelLoadException {
        return load(key, XlmRobertaTokenClassifier::load);
    }

    /** Makes the network of a model from its weights. */
    @FunctionalInterface
    private interface Network {
        TokenClassifier load(WeightFile file, ModelConfig config, WeightLayout layout) throws ModelLoadException;
    }

    private static NerModel load(ModelKey key, Network network) throws ModelLoadException {
        return key.isCheckpoint() ? loadCheckpoint(key, network) : loadSnapshot(key, network);
    }

    private static NerModel loadSnapshot(ModelKey key, Network network) throws ModelLoadException {
        Path directory = key.location();
        if (!Files.isDirectory(directory)) {
            throw new ModelLoadException(directory, "not a directory (expected a Hugging Face snapshot)");
        }
        if (!key.tasks().isEmpty() || !key.id2label().isEmpty()) {
            throw new ModelLoadException(directory, "a single-task snapshot has one head, with the labels of its"
                    + " config.json: tasks and id2label files are for multi-task .pt checkpoints");
        }
        ModelConfig config = ModelConfig.read(directory.resolve(SnapshotFiles.CONFIG));
        LabelScheme scheme = LabelScheme.of(config.labels(), directory.resolve(SnapshotFiles.CONFIG));
        SubwordTokenizer tokenizer = SubwordTokenizer.load(directory.resolve(SnapshotFiles.TOKENIZER));
        try {
            TokenClassifier classifier = key.torchScript() == null
                    ? loadWeights(directory.resolve(SnapshotFiles.WEIGHTS), config, scheme, network)
                    : TorchScriptTokenClassifier.load(directory.resolve(key.torchScript()), config, scheme.size(),
                            key.device());
            return new NerModel(config, List.of(new TaggingHead(TaggingHead.SINGLE, scheme)), tokenizer, classifier,
                    maxLength(config, directory), true);
        } catch (ModelLoadException | RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    private static TokenClassifier loadWeights(Path file, ModelConfig config, LabelScheme scheme, Network network)
            throws ModelLoadException {
        try (WeightFile weights = Safetensors.open(file)) {
            return network.load(weights, config, WeightLayout.tokenClassification(scheme.size()));
        }
    }

    private static NerModel loadCheckpoint(ModelKey key, Network network) throws ModelLoadException {
        Path base = key.baseModel();
        ModelConfig config = ModelConfig.read(base.resolve(SnapshotFiles.CONFIG));
        try (WeightFile weights = TorchStateDict.open(key.location())) {
            MultiTaskLayout all = MultiTaskLayout.of(weights);
            for (String task : key.id2label().keySet()) {
                if (!all.tasks().contains(task)) {
                    throw new ModelLoadException(key.id2label().get(task), "labels given for task '" + task
                            + "', which " + key.location() + " has no head for (its heads: "
                            + String.join(", ", all.tasks()) + ")");
                }
            }
            MultiTaskLayout layout = all.select(key.tasks(), key.location());
            List<TaggingHead> heads = new ArrayList<>();
            List<WeightLayout.Head> tensors = new ArrayList<>();
            for (MultiTaskLayout.Head head : layout.heads()) {
                Path labelFile = key.id2label().get(head.task());
                List<String> labels = TaskLabels.of(head.task(), head.labels(), labelFile, key.location());
                heads.add(new TaggingHead(head.task(), LabelScheme.of(labels,
                        labelFile == null ? key.location() : labelFile)));
                tensors.add(new WeightLayout.Head(head.weight(), head.bias(), head.labels()));
            }
            SubwordTokenizer tokenizer = SubwordTokenizer.load(base.resolve(SnapshotFiles.TOKENIZER));
            try {
                TokenClassifier classifier = network.load(weights, config,
                        new WeightLayout(layout.encoderPrefix(), tensors));
                return new NerModel(config, heads, tokenizer, classifier, maxLength(config, base), true);
            } catch (ModelLoadException | RuntimeException e) {
                tokenizer.close();
                throw e;
            }
        }
    }

    /** The smaller of the position table and the tokenizer's {@code model_max_length}. */
    private static int maxLength(ModelConfig config, Path directory) throws ModelLoadException {
        return Math.min(config.maxSequenceLength(),
                tokenizerMaxLength(directory.resolve(SnapshotFiles.TOKENIZER_CONFIG)));
    }

    /** The tokenizer's {@code model_max_length}, or no limit when the file or the key is absent. */
    private static int tokenizerMaxLength(Path file) throws ModelLoadException {
        if (!Files.isRegularFile(file)) {
            return Integer.MAX_VALUE;
        }
        try {
            JsonNode limit = JSON.readTree(file.toFile()).path("model_max_length");
            return limit.isNumber() && limit.asDouble() < Integer.MAX_VALUE ? limit.asInt() : Integer.MAX_VALUE;
        } catch (IOException e) {
            throw new ModelLoadException(file, "not valid JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Returns the architecture.
     *
     * @return the parsed {@code config.json}
     */
    public ModelConfig config() {
        return config;
    }

    /**
     * Returns the heads.
     *
     * @return each head's task and labels, in the classifier's order
     */
    public List<TaggingHead> heads() {
        return heads;
    }

    /**
     * Returns the longest model input, special tokens included.
     *
     * @return the smaller of the position table and the tokenizer's {@code model_max_length}
     */
    public int maxLength() {
        return maxLength;
    }

    /**
     * Returns the classifier, for callers that build their own inputs.
     *
     * @return the network
     */
    public TokenClassifier classifier() {
        return classifier;
    }

    /**
     * Returns the tokenizer.
     *
     * @return the snapshot's tokenizer
     */
    public SubwordTokenizer tokenizer() {
        return tokenizer;
    }

    /**
     * Checks that tagging options fit this model (window and stride), so that a caller can reject
     * them once, before any document.
     *
     * @param options the options
     * @return the same options
     * @throws IllegalArgumentException naming the value that does not fit
     */
    public TaggingOptions check(TaggingOptions options) {
        return tagger.check(options);
    }

    /**
     * Tags a whole text with the published inference script's algorithm (raw mode).
     *
     * @param text the document text (line endings as the caller wants them counted)
     * @param options window, stride and batch budget
     * @return the mentions of every head, sorted by begin, end and label
     */
    public List<Mention> tagRaw(String text, TaggingOptions options) {
        return tagger.tagRaw(text, options);
    }

    /**
     * Tags sentences given as word spans (words mode, as the model was trained).
     *
     * @param text the document text
     * @param sentences the sentences, each a list of word spans in text order
     * @param options window, stride and batch budget
     * @return the mentions of every head, sorted by begin, end and label
     */
    public List<Mention> tagWords(String text, List<List<Span>> sentences, TaggingOptions options) {
        return tagger.tagWords(text, sentences, options);
    }

    /**
     * Returns this model as concurrent callers share it: their forward batches of one width join into
     * shared calls ({@link CoalescingClassifier}), each caller getting the logits its batch gets alone.
     * One such view per wait bound, closed with this model.
     *
     * @param wait how long a batch waits for others to join it
     * @return the view (closing it releases nothing)
     */
    public NerModel batching(Duration wait) {
        return batching.computeIfAbsent(wait, w -> new NerModel(config, heads, tokenizer,
                new CoalescingClassifier(classifier, w, JOINED_TOKEN_BUDGET), maxLength, false));
    }

    @Override
    public void close() {
        batching.values().forEach(view -> view.classifier.close());
        batching.clear();
        if (ownsResources) {
            classifier.close();
            tokenizer.close();
        }
    }
}
