package org.clinner.bench;

import org.clinner.model.nn.WeightLayout;
import org.clinner.model.snapshot.ModelConfig;
import org.clinner.model.snapshot.ModelLoadException;
import org.clinner.model.snapshot.Safetensors;
import org.clinner.model.snapshot.SnapshotFiles;
import org.clinner.model.snapshot.WeightFile;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a snapshot's XLM-R token classifier as an ONNX model for ONNX Runtime, in the form ONNX
 * Runtime's transformer optimizer gives BERT-like encoders (what Hugging Face Optimum users run on a
 * CPU): the fused {@code com.microsoft} {@code Attention} (one product for query, key and value),
 * {@code SkipLayerNormalization} (residual, bias and norm in one) and {@code BiasGelu} (exact GELU)
 * operators, plain {@code MatMul} for the other products. Inputs {@code input_ids},
 * {@code attention_mask} and {@code position_ids} (int64 {@code [B, T]}); output {@code logits}
 * (float {@code [B, T, labels]}). The weights, transposed for {@code MatMul}, go to
 * {@code weights.bin} beside the model as ONNX external data; the graph itself is a few kilobytes.
 */
final class OnnxModelWriter {

    /** The model file's name in the output folder. */
    static final String MODEL = "model.onnx";
    private static final String WEIGHTS = "weights.bin";
    private static final String MICROSOFT = "com.microsoft";
    private static final int FLOAT = 1;
    private static final int INT32 = 6;
    private static final int INT64 = 7;

    private final List<ByteString> nodes = new ArrayList<>();
    private final List<ByteString> initializers = new ArrayList<>();
    private final FileChannel weights;
    private long weightBytes;

    private OnnxModelWriter(FileChannel weights) {
        this.weights = weights;
    }

    /**
     * Writes the model of a snapshot.
     *
     * @param snapshot the snapshot directory
     * @param output the folder to write {@code model.onnx} and {@code weights.bin} into
     * @return the model file
     * @throws IOException when a file cannot be written
     * @throws ModelLoadException when the snapshot cannot be read
     */
    static Path write(Path snapshot, Path output) throws IOException, ModelLoadException {
        ModelConfig config = ModelConfig.read(snapshot.resolve(SnapshotFiles.CONFIG));
        WeightLayout layout = WeightLayout.tokenClassification(config.labels().size());
        Files.createDirectories(output);
        try (FileChannel channel = FileChannel.open(output.resolve(WEIGHTS), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                WeightFile file = Safetensors.open(snapshot.resolve(SnapshotFiles.WEIGHTS));
                NDManager manager = NDManager.newBaseManager("PyTorch")) {
            OnnxModelWriter writer = new OnnxModelWriter(channel);
            byte[] model = writer.graph(new Weights(file, layout.parameters(config), manager), config);
            Files.write(output.resolve(MODEL), model);
        }
        return output.resolve(MODEL);
    }

    /** The snapshot's tensors by their Hugging Face names (without the model prefix), as float32. */
    private record Weights(WeightFile file, Map<String, Shape> shapes, NDManager manager) {
        NDArray get(String name) throws ModelLoadException {
            String full = shapes.containsKey(name) ? name : "roberta." + name;
            return file.load(full, shapes.get(full), manager);
        }
    }

    private byte[] graph(Weights w, ModelConfig config) throws IOException, ModelLoadException {
        int hidden = config.hiddenSize();
        tensor("word", w.get("embeddings.word_embeddings.weight"));
        tensor("position", w.get("embeddings.position_embeddings.weight"));
        tensor("token_type", w.get("embeddings.token_type_embeddings.weight").get(0));
        tensor("embeddings.gamma", w.get("embeddings.LayerNorm.weight"));
        tensor("embeddings.beta", w.get("embeddings.LayerNorm.bias"));
        node("Gather", List.of("word", "input_ids"), "words");
        node("Gather", List.of("position", "position_ids"), "positions");
        node("Add", List.of("words", "positions"), "summed");
        node("Add", List.of("summed", "token_type"), "embedded");
        nodes.add(node("LayerNormalization", "", List.of("embedded", "embeddings.gamma", "embeddings.beta"),
                List.of("hidden.0"), attribute("axis", -1), attribute("epsilon", config.layerNormEps())));
        node("Cast", List.of("attention_mask"), "mask", attribute("to", INT32));
        for (int i = 0; i < config.numLayers(); i++) {
            layer(w, config, i);
        }
        tensor("classifier.weight", w.get("classifier.weight").transpose());
        tensor("classifier.bias", w.get("classifier.bias"));
        node("MatMul", List.of("hidden." + config.numLayers(), "classifier.weight"), "scores");
        node("Add", List.of("scores", "classifier.bias"), "logits");
        ProtoMessage graph = new ProtoMessage();
        nodes.forEach(n -> graph.message(1, n));
        graph.string(2, "xlm-roberta-token-classification");
        initializers.forEach(t -> graph.message(5, t));
        for (String input : List.of("input_ids", "attention_mask", "position_ids")) {
            graph.message(11, valueInfo(input, INT64, "batch", "length"));
        }
        graph.message(12, valueInfo("logits", FLOAT, "batch", "length", String.valueOf(config.labels().size())));
        ProtoMessage model = new ProtoMessage();
        model.int64(1, 8);
        model.message(8, new ProtoMessage().string(1, "").int64(2, 17).bytes());
        model.message(8, new ProtoMessage().string(1, MICROSOFT).int64(2, 1).bytes());
        model.string(2, "clinner-bench");
        model.message(7, graph.bytes());
        if (hidden % config.numHeads() != 0) {
            throw new IllegalArgumentException("hidden size is not a multiple of the heads");
        }
        return model.bytes().toByteArray();
    }

    private void layer(Weights w, ModelConfig config, int i) throws IOException, ModelLoadException {
        String hf = "encoder.layer." + i + ".";
        String in = "hidden." + i;
        String p = "layer." + i + ".";
        List<NDArray> qkv = new ArrayList<>();
        List<NDArray> qkvBias = new ArrayList<>();
        for (String part : List.of("query", "key", "value")) {
            qkv.add(w.get(hf + "attention.self." + part + ".weight").transpose());
            qkvBias.add(w.get(hf + "attention.self." + part + ".bias"));
        }
        tensor(p + "qkv.weight", NDArrays.concat(new NDList(qkv), 1));
        tensor(p + "qkv.bias", NDArrays.concat(new NDList(qkvBias), 0));
        nodes.add(node("Attention", MICROSOFT, List.of(in, p + "qkv.weight", p + "qkv.bias", "mask"),
                List.of(p + "context"), attribute("num_heads", config.numHeads())));
        projection(w, hf + "attention.output.dense", p + "attention_output", p + "context", p + "projected");
        skipNorm(w, hf + "attention.output", p + "attention_output", p + "projected", in, p + "attended",
                config.layerNormEps());
        projection(w, hf + "intermediate.dense", p + "intermediate", p + "attended", p + "expanded");
        nodes.add(node("BiasGelu", MICROSOFT, List.of(p + "expanded", p + "intermediate.bias"),
                List.of(p + "activated")));
        projection(w, hf + "output.dense", p + "output", p + "activated", p + "reduced");
        skipNorm(w, hf + "output", p + "output", p + "reduced", p + "attended", "hidden." + (i + 1),
                config.layerNormEps());
    }

    /** A product with a transposed linear weight; its bias is stored for the node that adds it. */
    private void projection(Weights w, String hf, String ours, String input, String output)
            throws IOException, ModelLoadException {
        tensor(ours + ".weight", w.get(hf + ".weight").transpose());
        tensor(ours + ".bias", w.get(hf + ".bias"));
        node("MatMul", List.of(input, ours + ".weight"), output);
    }

    private void skipNorm(Weights w, String hf, String ours, String input, String skip, String output, float eps)
            throws IOException, ModelLoadException {
        tensor(ours + ".gamma", w.get(hf + ".LayerNorm.weight"));
        tensor(ours + ".beta", w.get(hf + ".LayerNorm.bias"));
        nodes.add(node("SkipLayerNormalization", MICROSOFT, List.of(input, skip, ours + ".gamma", ours + ".beta",
                ours + ".bias"), List.of(output), attribute("epsilon", eps)));
    }

    private void node(String op, List<String> inputs, String output, ByteString... attributes) {
        nodes.add(node(op, "", inputs, List.of(output), attributes));
    }

    private static ByteString node(String op, String domain, List<String> inputs, List<String> outputs,
            ByteString... attributes) {
        ProtoMessage node = new ProtoMessage();
        inputs.forEach(i -> node.string(1, i));
        outputs.forEach(o -> node.string(2, o));
        node.string(3, outputs.get(0) + ":" + op).string(4, op);
        for (ByteString attribute : attributes) {
            node.message(5, attribute);
        }
        return node.string(7, domain).bytes();
    }

    private static ByteString attribute(String name, long value) {
        return new ProtoMessage().string(1, name).int64(20, 2).int64(3, value).bytes();
    }

    private static ByteString attribute(String name, float value) {
        return new ProtoMessage().string(1, name).int64(20, 1).float32(2, value).bytes();
    }

    private static ByteString valueInfo(String name, int type, String... dims) {
        ProtoMessage shape = new ProtoMessage();
        for (String dim : dims) {
            shape.message(1, dim.chars().allMatch(Character::isDigit)
                    ? new ProtoMessage().int64(1, Long.parseLong(dim)).bytes()
                    : new ProtoMessage().string(2, dim).bytes());
        }
        ByteString tensorType = new ProtoMessage().int64(1, type).message(2, shape.bytes()).bytes();
        return new ProtoMessage().string(1, name).message(2, new ProtoMessage().message(1, tensorType).bytes())
                .bytes();
    }

    /** Appends an array's float32 elements to the weight file and declares it as external data. */
    private void tensor(String name, NDArray array) throws IOException {
        ByteBuffer data = ByteBuffer.wrap(array.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toByteArray());
        long offset = weightBytes;
        while (data.hasRemaining()) {
            weightBytes += weights.write(data, weightBytes);
        }
        ProtoMessage tensor = new ProtoMessage();
        for (long dim : array.getShape().getShape()) {
            tensor.int64(1, dim);
        }
        tensor.int64(2, FLOAT).string(8, name);
        tensor.message(13, new ProtoMessage().string(1, "location").string(2, WEIGHTS).bytes());
        tensor.message(13, new ProtoMessage().string(1, "offset").string(2, Long.toString(offset)).bytes());
        tensor.message(13, new ProtoMessage().string(1, "length").string(2, Long.toString(weightBytes - offset))
                .bytes());
        initializers.add(tensor.int64(14, 1).bytes());
        array.close();
    }

    /** One protobuf message, its fields written in order with protobuf-java's wire encoder. */
    private static final class ProtoMessage {
        private final ByteString.Output bytes = ByteString.newOutput();
        private final CodedOutputStream out = CodedOutputStream.newInstance((OutputStream) bytes);

        ProtoMessage string(int field, String value) {
            return write(() -> out.writeString(field, value));
        }

        ProtoMessage int64(int field, long value) {
            return write(() -> out.writeInt64(field, value));
        }

        ProtoMessage float32(int field, float value) {
            return write(() -> out.writeFloat(field, value));
        }

        ProtoMessage message(int field, ByteString value) {
            return write(() -> out.writeBytes(field, value));
        }

        ByteString bytes() {
            return write(out::flush).bytes.toByteString();
        }

        private ProtoMessage write(Write write) {
            try {
                write.run();
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @FunctionalInterface
        private interface Write {
            void run() throws IOException;
        }
    }
}
