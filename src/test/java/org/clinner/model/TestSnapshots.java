package org.clinner.model;

import org.clinner.model.nn.DjlRuntime;
import org.clinner.model.snapshot.SafetensorsWriter;
import org.clinner.model.snapshot.SnapshotFiles;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes model directories in Hugging Face snapshot layout with random weights, for tests and benchmarks. */
public final class TestSnapshots {

    /** The independent reference fixture: a tiny snapshot and the expected outputs. */
    public static final Path PARITY = Paths.get("src/test/resources/parity");
    /** The tokenizer of the parity fixture, shared by generated snapshots. */
    public static final Path FIXTURE_TOKENIZER = PARITY.resolve("model-f32").resolve(SnapshotFiles.TOKENIZER);

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * An architecture to generate.
     *
     * @param vocabSize vocabulary rows (at least the fixture tokenizer's size)
     * @param hidden hidden size
     * @param layers encoder layers
     * @param heads attention heads
     * @param intermediate feed-forward width
     * @param maxPositions position table rows
     */
    public record Size(int vocabSize, int hidden, int layers, int heads, int intermediate, int maxPositions) {
        /** A tiny model for fast tests. */
        public static final Size TINY = new Size(512, 16, 1, 2, 32, 514);
        /** The shapes of xlm-roberta-base (about 1.1 GB of F32 weights). */
        public static final Size BASE = new Size(250002, 768, 12, 12, 3072, 514);
    }

    private TestSnapshots() {}

    /**
     * Writes {@code config.json} for an XLM-R token classifier with the procedure labels.
     *
     * @param directory target directory
     * @param size the architecture
     * @return the config as a mutable JSON tree, already written
     * @throws IOException when writing fails
     */
    public static ObjectNode writeConfig(Path directory, Size size) throws IOException {
        ObjectNode config = JSON.createObjectNode();
        config.putArray("architectures").add("XLMRobertaForTokenClassification");
        config.put("model_type", "xlm-roberta");
        config.put("vocab_size", size.vocabSize());
        config.put("hidden_size", size.hidden());
        config.put("num_hidden_layers", size.layers());
        config.put("num_attention_heads", size.heads());
        config.put("intermediate_size", size.intermediate());
        config.put("max_position_embeddings", size.maxPositions());
        config.put("type_vocab_size", 1);
        config.put("layer_norm_eps", 1e-5);
        config.put("pad_token_id", 1);
        config.put("hidden_act", "gelu");
        ObjectNode id2label = config.putObject("id2label");
        List<String> labels = List.of("B-PROCEDURE", "I-PROCEDURE", "O");
        for (int i = 0; i < labels.size(); i++) {
            id2label.put(String.valueOf(i), labels.get(i));
        }
        writeJson(directory.resolve(SnapshotFiles.CONFIG), config);
        return config;
    }

    /**
     * Writes a JSON tree to a file.
     *
     * @param file target
     * @param tree JSON
     * @throws IOException when writing fails
     */
    public static void writeJson(Path file, ObjectNode tree) throws IOException {
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), tree);
    }

    /**
     * Returns the Hugging Face tensor names and shapes of a token classifier.
     *
     * @param size the architecture
     * @param labels number of labels
     * @return shapes by tensor name
     */
    public static Map<String, Shape> tensorShapes(Size size, int labels) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        int h = size.hidden();
        shapes.put("roberta.embeddings.word_embeddings.weight", new Shape(size.vocabSize(), h));
        shapes.put("roberta.embeddings.position_embeddings.weight", new Shape(size.maxPositions(), h));
        shapes.put("roberta.embeddings.token_type_embeddings.weight", new Shape(1, h));
        shapes.put("roberta.embeddings.LayerNorm.weight", new Shape(h));
        shapes.put("roberta.embeddings.LayerNorm.bias", new Shape(h));
        for (int i = 0; i < size.layers(); i++) {
            String p = "roberta.encoder.layer." + i + ".";
            for (String projection : List.of("attention.self.query", "attention.self.key", "attention.self.value",
                    "attention.output.dense")) {
                shapes.put(p + projection + ".weight", new Shape(h, h));
                shapes.put(p + projection + ".bias", new Shape(h));
            }
            shapes.put(p + "attention.output.LayerNorm.weight", new Shape(h));
            shapes.put(p + "attention.output.LayerNorm.bias", new Shape(h));
            shapes.put(p + "intermediate.dense.weight", new Shape(size.intermediate(), h));
            shapes.put(p + "intermediate.dense.bias", new Shape(size.intermediate()));
            shapes.put(p + "output.dense.weight", new Shape(h, size.intermediate()));
            shapes.put(p + "output.dense.bias", new Shape(h));
            shapes.put(p + "output.LayerNorm.weight", new Shape(h));
            shapes.put(p + "output.LayerNorm.bias", new Shape(h));
        }
        shapes.put("classifier.weight", new Shape(labels, h));
        shapes.put("classifier.bias", new Shape(labels));
        return shapes;
    }

    /**
     * Writes random F32 weights for the given tensor shapes.
     *
     * @param file the safetensors file to write
     * @param shapes shapes by tensor name
     * @param seed random seed
     * @throws IOException when writing fails
     */
    public static void writeRandomWeights(Path file, Map<String, Shape> shapes, long seed) throws IOException {
        writeWeights(file, shapes, seed, -1);
    }

    /**
     * Writes random F32 weights; with {@code constantLabel} at 0 or more the classifier has zero
     * weights and a bias that only that label has, so every token gets that label.
     */
    private static void writeWeights(Path file, Map<String, Shape> shapes, long seed, int constantLabel)
            throws IOException {
        ai.djl.engine.Engine engine = DjlRuntime.engine();
        engine.setRandomSeed((int) seed);
        try (NDManager manager = NDManager.newBaseManager(engine.getEngineName())) {
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            for (Map.Entry<String, Shape> entry : shapes.entrySet()) {
                boolean norm = entry.getKey().contains("LayerNorm.weight");
                NDArray values = manager.randomNormal(0f, norm ? 0.1f : 0.3f, entry.getValue(), DataType.FLOAT32);
                tensors.put(entry.getKey(), norm ? values.add(1f) : values);
            }
            if (constantLabel >= 0) {
                NDArray bias = manager.zeros(shapes.get("classifier.bias"));
                bias.set(new NDIndex(constantLabel), 10f);
                tensors.put("classifier.weight", manager.zeros(shapes.get("classifier.weight")));
                tensors.put("classifier.bias", bias);
            }
            SafetensorsWriter.write(file, tensors);
        }
    }

    /**
     * Writes a snapshot, with the fixture's tokenizer, that gives every token the same label: with
     * {@code B-PROCEDURE} every word is a mention of its own, so the spans it finds follow from the
     * words alone and can be predicted without the model.
     *
     * @param directory target directory (created)
     * @param label index of the label in {@code B-PROCEDURE, I-PROCEDURE, O}
     * @return the directory
     * @throws IOException when writing fails
     */
    public static Path writeConstantLabelSnapshot(Path directory, int label) throws IOException {
        Files.createDirectories(directory);
        writeConfig(directory, Size.TINY);
        writeWeights(directory.resolve(SnapshotFiles.WEIGHTS), tensorShapes(Size.TINY, 3), 1, label);
        Files.copy(FIXTURE_TOKENIZER, directory.resolve(SnapshotFiles.TOKENIZER));
        return directory;
    }

    /**
     * Writes a complete random snapshot that uses the fixture's tokenizer.
     *
     * @param directory target directory (created)
     * @param size the architecture
     * @param seed random seed
     * @return the directory
     * @throws IOException when writing fails
     */
    public static Path writeRandomSnapshot(Path directory, Size size, long seed) throws IOException {
        Files.createDirectories(directory);
        writeConfig(directory, size);
        writeRandomWeights(directory.resolve(SnapshotFiles.WEIGHTS), tensorShapes(size, 3), seed);
        Files.copy(FIXTURE_TOKENIZER, directory.resolve(SnapshotFiles.TOKENIZER));
        return directory;
    }
}
