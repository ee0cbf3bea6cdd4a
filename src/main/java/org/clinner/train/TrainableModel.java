package org.clinner.train;

import org.clinner.model.NerModel;
import org.clinner.model.nn.DjlRuntime;
import org.clinner.model.nn.TensorSource;
import org.clinner.model.nn.XlmRobertaTokenClassifier;
import org.clinner.model.nn.XlmRobertaWeights;
import org.clinner.model.snapshot.ModelConfig;
import org.clinner.model.snapshot.ModelLoadException;
import org.clinner.model.snapshot.Safetensors;
import org.clinner.model.snapshot.SafetensorsWriter;
import org.clinner.model.snapshot.SnapshotFiles;
import org.clinner.model.snapshot.WeightFile;
import org.clinner.model.tagging.LabelScheme;
import org.clinner.model.tagging.SubwordTokenizer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * An XLM-RoBERTa token classifier whose weights can be trained: initialized at random or from a
 * Hugging Face snapshot (the classifier head is new when the labels differ), run forward with
 * dropout for training, viewed as a {@link NerModel} for evaluation, and saved as a snapshot that
 * this runtime and Python {@code transformers} load (same tensor names and config keys).
 */
public final class TrainableModel implements AutoCloseable {

    /** Tokenizer files copied from the tokenizer's directory into saved snapshots, when present. */
    private static final List<String> TOKENIZER_FILES = List.of(SnapshotFiles.TOKENIZER, SnapshotFiles.TOKENIZER_CONFIG,
            SnapshotFiles.SPECIAL_TOKENS_MAP, "sentencepiece.bpe.model");
    private static final float INIT_STD = 0.02f;

    private final ModelConfig config;
    private final LabelScheme scheme;
    private final Path tokenizerDirectory;
    private final SubwordTokenizer tokenizer;
    private final XlmRobertaWeights weights;
    private final XlmRobertaTokenClassifier classifier;

    private TrainableModel(ModelConfig config, Path tokenizerDirectory, TensorSource source) throws ModelLoadException {
        this.config = config;
        this.scheme = LabelScheme.of(config.labels(), tokenizerDirectory.resolve(SnapshotFiles.CONFIG));
        this.tokenizerDirectory = tokenizerDirectory;
        this.tokenizer = SubwordTokenizer.load(tokenizerDirectory.resolve(SnapshotFiles.TOKENIZER));
        XlmRobertaWeights loaded = null;
        try {
            loaded = XlmRobertaWeights.trainable(source, config, scheme.size());
            for (NDArray parameter : loaded.named().values()) {
                parameter.setRequiresGradient(true);
            }
        } catch (ModelLoadException | RuntimeException e) {
            tokenizer.close();
            throw e;
        }
        this.weights = loaded;
        this.classifier = new XlmRobertaTokenClassifier(config, weights);
    }

    /**
     * Creates a model with random weights (normal with standard deviation 0.02, LayerNorm at
     * identity, zero biases), as Hugging Face initializes a new XLM-R.
     *
     * @param config the architecture and labels
     * @param tokenizerDirectory the directory holding {@code tokenizer.json} (and its config files)
     * @param seed the random seed
     * @return the model
     * @throws ModelLoadException when the tokenizer cannot be loaded or the labels are not BIO
     */
    public static TrainableModel fromScratch(ModelConfig config, Path tokenizerDirectory, long seed)
            throws ModelLoadException {
        DjlRuntime.engine().setRandomSeed((int) seed);
        return new TrainableModel(config, tokenizerDirectory, TrainableModel::randomTensor);
    }

    /**
     * Creates a model from a snapshot's weights and tokenizer, e.g. xlm-roberta-base or a DT4H
     * model. A classifier head whose labels differ from {@code labels} (or that is absent, as in a
     * masked-LM checkpoint) is initialized at random; tensors saved without the {@code roberta.}
     * prefix are accepted.
     *
     * @param directory the snapshot
     * @param labels the BIO labels to train
     * @param seed the random seed of new parameters
     * @return the model
     * @throws ModelLoadException when the snapshot cannot be read
     */
    public static TrainableModel fromSnapshot(Path directory, List<String> labels, long seed)
            throws ModelLoadException {
        DjlRuntime.engine().setRandomSeed((int) seed);
        ModelConfig original = ModelConfig.read(directory.resolve(SnapshotFiles.CONFIG));
        boolean sameHead = original.labels().equals(labels);
        try (WeightFile file = Safetensors.open(directory.resolve(SnapshotFiles.WEIGHTS))) {
            TensorSource source = (name, shape, manager) -> {
                if (name.startsWith("classifier.") && !sameHead) {
                    return randomTensor(name, shape, manager);
                }
                String stored = file.tensors().containsKey(name) || !name.startsWith("roberta.")
                        ? name : name.substring("roberta.".length());
                try (NDArray mapped = file.load(stored, shape, manager)) {
                    return mapped.duplicate();
                }
            };
            return new TrainableModel(original.withLabels(labels), directory, source);
        }
    }

    private static NDArray randomTensor(String name, Shape shape, NDManager manager) {
        if (name.endsWith("LayerNorm.weight")) {
            return manager.ones(shape, DataType.FLOAT32);
        }
        if (name.endsWith(".bias")) {
            return manager.zeros(shape, DataType.FLOAT32);
        }
        return manager.randomNormal(0f, INIT_STD, shape, DataType.FLOAT32);
    }

    /**
     * Returns the architecture and labels.
     *
     * @return the configuration
     */
    public ModelConfig config() {
        return config;
    }

    /**
     * Returns the tokenizer.
     *
     * @return the snapshot's (or the new) tokenizer
     */
    public SubwordTokenizer tokenizer() {
        return tokenizer;
    }

    /**
     * Returns the labels.
     *
     * @return the BIO scheme
     */
    public LabelScheme labels() {
        return scheme;
    }

    /**
     * Returns the trainable parameters by Hugging Face name; each requires a gradient.
     *
     * @return the parameters, in architecture order
     */
    public Map<String, NDArray> parameters() {
        return weights.named();
    }

    /**
     * Runs a forward pass whose logits are attached to the given manager.
     *
     * @param batch the manager of the result and every intermediate
     * @param sequences token ids with special tokens
     * @param dropout dropout rate (e.g. 0.1 while training)
     * @return logits {@code [rows, longest, labels]}
     */
    public NDArray forward(NDManager batch, List<long[]> sequences, float dropout) {
        return classifier.forward(batch, sequences, dropout);
    }

    /**
     * Returns a view for tagging with the current weights (e.g. dev evaluation); valid while this
     * model is open, and closing it releases nothing.
     *
     * @return the view
     */
    public NerModel inferenceView() {
        return NerModel.view(config, scheme, tokenizer, classifier);
    }

    /**
     * Saves the model as a Hugging Face snapshot: {@code config.json}, {@code model.safetensors}
     * (F32) and the tokenizer files.
     *
     * @param directory the target directory (created)
     * @throws IOException when writing fails
     */
    public void save(Path directory) throws IOException {
        Files.createDirectories(directory);
        config.write(directory.resolve(SnapshotFiles.CONFIG));
        SafetensorsWriter.write(directory.resolve(SnapshotFiles.WEIGHTS), weights.named());
        for (String file : TOKENIZER_FILES) {
            Path source = tokenizerDirectory.resolve(file);
            if (Files.isRegularFile(source) && !source.toAbsolutePath().normalize().equals(
                    directory.resolve(file).toAbsolutePath().normalize())) {
                Files.copy(source, directory.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Override
    public void close() {
        weights.close();
        tokenizer.close();
    }
}
