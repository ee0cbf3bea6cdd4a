package org.clinner.model;

import org.clinner.model.nn.TokenClassifier;
import org.clinner.model.nn.TorchScriptTokenClassifier;
import org.clinner.model.nn.XlmRobertaTokenClassifier;
import org.clinner.model.snapshot.ModelConfig;
import org.clinner.model.snapshot.ModelLoadException;
import org.clinner.model.snapshot.SafetensorsFile;
import org.clinner.model.snapshot.SnapshotFiles;
import org.clinner.model.tagging.DocumentTagger;
import org.clinner.model.tagging.LabelScheme;
import org.clinner.model.tagging.Mention;
import org.clinner.model.tagging.Span;
import org.clinner.model.tagging.SubwordTokenizer;
import org.clinner.model.tagging.TaggingOptions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A DT4H-style token classification model loaded from a directory in Hugging Face snapshot layout
 * ({@code config.json}, {@code model.safetensors}, {@code tokenizer.json}, optionally
 * {@code tokenizer_config.json}), and the two ways of tagging a document with it. Thread-safe:
 * one instance serves any number of threads.
 */
public final class NerModel implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ModelConfig config;
    private final LabelScheme scheme;
    private final SubwordTokenizer tokenizer;
    private final TokenClassifier classifier;
    private final int maxLength;
    private final DocumentTagger tagger;
    private final boolean ownsResources;

    private NerModel(ModelConfig config, LabelScheme scheme, SubwordTokenizer tokenizer, TokenClassifier classifier,
            int maxLength, boolean ownsResources) {
        this.config = config;
        this.scheme = scheme;
        this.tokenizer = tokenizer;
        this.classifier = classifier;
        this.maxLength = maxLength;
        this.tagger = new DocumentTagger(tokenizer, classifier, scheme, maxLength);
        this.ownsResources = ownsResources;
    }

    /**
     * Wraps a network and tokenizer that another object owns (a model being trained) for tagging;
     * closing the view releases nothing.
     *
     * @param config the architecture
     * @param scheme the labels
     * @param tokenizer the tokenizer
     * @param classifier the network
     * @return the view
     */
    public static NerModel view(ModelConfig config, LabelScheme scheme, SubwordTokenizer tokenizer,
            TokenClassifier classifier) {
        return new NerModel(config, scheme, tokenizer, classifier, config.maxSequenceLength(), false);
    }

    /**
     * Loads a model directory with the NDArray forward pass on its safetensors weights. Every file
     * is checked before any weight is read.
     *
     * @param directory the snapshot directory
     * @return the model; close it to release its native memory
     * @throws ModelLoadException naming the file (and tensor) that is missing or malformed
     */
    public static NerModel load(Path directory) throws ModelLoadException {
        return load(directory, null);
    }

    /**
     * Loads a model directory, optionally running a TorchScript export of it (e.g.
     * {@code model-bf16.pt} from {@code tools/export_torchscript.py}) instead of the safetensors
     * weights.
     *
     * @param directory the snapshot directory
     * @param torchScript a {@code .pt} file name in the directory, or null for the safetensors weights
     * @return the model; close it to release its native memory
     * @throws ModelLoadException naming the file (and tensor) that is missing or malformed
     */
    public static NerModel load(Path directory, String torchScript) throws ModelLoadException {
        if (!Files.isDirectory(directory)) {
            throw new ModelLoadException(directory, "not a directory (expected a Hugging Face snapshot)");
        }
        ModelConfig config = ModelConfig.read(directory.resolve(SnapshotFiles.CONFIG));
        LabelScheme scheme = LabelScheme.of(config.labels(), directory.resolve(SnapshotFiles.CONFIG));
        int maxLength = Math.min(config.maxSequenceLength(),
                tokenizerMaxLength(directory.resolve(SnapshotFiles.TOKENIZER_CONFIG)));
        SubwordTokenizer tokenizer = SubwordTokenizer.load(directory.resolve(SnapshotFiles.TOKENIZER));
        try {
            TokenClassifier classifier = torchScript == null
                    ? loadWeights(directory.resolve(SnapshotFiles.WEIGHTS), config, scheme)
                    : TorchScriptTokenClassifier.load(directory.resolve(torchScript), config, scheme.size());
            return new NerModel(config, scheme, tokenizer, classifier, maxLength, true);
        } catch (ModelLoadException | RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    private static TokenClassifier loadWeights(Path file, ModelConfig config, LabelScheme scheme)
            throws ModelLoadException {
        try (SafetensorsFile weights = SafetensorsFile.open(file)) {
            return XlmRobertaTokenClassifier.load(weights, config, scheme.size());
        }
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
     * Returns the labels.
     *
     * @return the BIO scheme of {@code id2label}
     */
    public LabelScheme labels() {
        return scheme;
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
     * @return mentions sorted by begin, then end
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
     * @return mentions sorted by begin, then end
     */
    public List<Mention> tagWords(String text, List<List<Span>> sentences, TaggingOptions options) {
        return tagger.tagWords(text, sentences, options);
    }

    @Override
    public void close() {
        if (ownsResources) {
            classifier.close();
            tokenizer.close();
        }
    }
}
