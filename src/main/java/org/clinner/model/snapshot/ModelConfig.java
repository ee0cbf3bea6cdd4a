package org.clinner.model.snapshot;

import org.clinner.io.AtomicFiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The architecture of an XLM-RoBERTa token classifier as read from a Hugging Face
 * {@code config.json}.
 *
 * @param vocabSize rows of the word embedding matrix
 * @param hiddenSize width of the hidden states
 * @param numLayers number of encoder layers
 * @param numHeads attention heads per layer
 * @param intermediateSize width of the feed-forward layer
 * @param maxPositionEmbeddings rows of the position embedding matrix
 * @param typeVocabSize rows of the token type embedding matrix
 * @param layerNormEps epsilon of every LayerNorm
 * @param padTokenId id of the padding token (positions start at pad id + 1)
 * @param labels label names by id, from {@code id2label}
 */
public record ModelConfig(
        int vocabSize,
        int hiddenSize,
        int numLayers,
        int numHeads,
        int intermediateSize,
        int maxPositionEmbeddings,
        int typeVocabSize,
        float layerNormEps,
        int padTokenId,
        List<String> labels) {

    /** Model types whose checkpoints share the RoBERTa encoder layout. */
    private static final Set<String> MODEL_TYPES = Set.of("xlm-roberta", "roberta");

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Reads and validates a {@code config.json}.
     *
     * @param file the config file
     * @return the configuration
     * @throws ModelLoadException when the file is missing, is not JSON, or describes another model
     */
    public static ModelConfig read(Path file) throws ModelLoadException {
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException(file, "missing (a Hugging Face snapshot needs config.json)");
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new ModelLoadException(file, "not valid JSON: " + e.getMessage(), e);
        }
        String modelType = root.path("model_type").asText("");
        if (!MODEL_TYPES.contains(modelType)) {
            throw new ModelLoadException(
                    file,
                    "unsupported architecture: model_type '" + modelType + "' (expected one of "
                            + MODEL_TYPES + ")");
        }
        String act = root.path("hidden_act").asText("gelu");
        if (!act.equals("gelu")) {
            throw new ModelLoadException(file, "unsupported hidden_act '" + act + "' (expected gelu)");
        }
        String positions = root.path("position_embedding_type").asText("absolute");
        if (!positions.equals("absolute")) {
            throw new ModelLoadException(
                    file, "unsupported position_embedding_type '" + positions + "'");
        }
        ModelConfig config =
                new ModelConfig(
                        requiredInt(root, "vocab_size", file),
                        requiredInt(root, "hidden_size", file),
                        requiredInt(root, "num_hidden_layers", file),
                        requiredInt(root, "num_attention_heads", file),
                        requiredInt(root, "intermediate_size", file),
                        requiredInt(root, "max_position_embeddings", file),
                        root.path("type_vocab_size").asInt(1),
                        (float) root.path("layer_norm_eps").asDouble(1e-5),
                        root.path("pad_token_id").asInt(1),
                        labels(root.path("id2label"), file));
        if (config.hiddenSize % config.numHeads != 0) {
            throw new ModelLoadException(
                    file, "hidden_size " + config.hiddenSize + " is not a multiple of num_attention_heads "
                            + config.numHeads);
        }
        return config;
    }

    private static int requiredInt(JsonNode root, String key, Path file) throws ModelLoadException {
        JsonNode node = root.get(key);
        if (node == null || !node.canConvertToInt() || node.asInt() <= 0) {
            throw new ModelLoadException(file, "needs a positive integer '" + key + "'");
        }
        return node.asInt();
    }

    /**
     * Reads an {@code id2label} object: label names by consecutive integer ids (keys may be strings).
     *
     * @param id2label the JSON object, or a missing node (no labels)
     * @param file the file it comes from, for messages
     * @return the labels by id
     * @throws ModelLoadException when it is not an object of ids 0..n-1
     */
    static List<String> labels(JsonNode id2label, Path file) throws ModelLoadException {
        if (id2label.isMissingNode()) {
            return List.of();
        }
        if (!id2label.isObject()) {
            throw new ModelLoadException(file, "'id2label' is not an object");
        }
        Map<Integer, String> byId = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = id2label.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            try {
                byId.put(Integer.parseInt(entry.getKey().trim()), entry.getValue().asText());
            } catch (NumberFormatException e) {
                throw new ModelLoadException(
                        file, "id2label key '" + entry.getKey() + "' is not an integer", e);
            }
        }
        List<String> labels = new ArrayList<>(byId.values());
        int expected = 0;
        for (int id : byId.keySet()) {
            if (id != expected++) {
                throw new ModelLoadException(file, "id2label ids must be 0.." + (byId.size() - 1));
            }
        }
        return List.copyOf(labels);
    }

    /**
     * Returns a copy with other labels (e.g. to fine-tune a checkpoint on a new label set).
     *
     * @param newLabels label names by id
     * @return the configuration with those labels
     */
    public ModelConfig withLabels(List<String> newLabels) {
        return new ModelConfig(vocabSize, hiddenSize, numLayers, numHeads, intermediateSize, maxPositionEmbeddings,
                typeVocabSize, layerNormEps, padTokenId, List.copyOf(newLabels));
    }

    /**
     * Writes this configuration as a Hugging Face {@code config.json} for
     * {@code XLMRobertaForTokenClassification}, loadable by {@code transformers} and by this runtime.
     *
     * @param file the file to write (atomically)
     * @throws IOException when writing fails
     */
    public void write(Path file) throws IOException {
        ObjectNode json = JSON.createObjectNode();
        json.putArray("architectures").add("XLMRobertaForTokenClassification");
        json.put("attention_probs_dropout_prob", 0.1);
        json.put("bos_token_id", 0);
        json.putNull("classifier_dropout");
        json.put("eos_token_id", 2);
        json.put("hidden_act", "gelu");
        json.put("hidden_dropout_prob", 0.1);
        json.put("hidden_size", hiddenSize);
        ObjectNode id2label = json.putObject("id2label");
        for (int i = 0; i < labels.size(); i++) {
            id2label.put(String.valueOf(i), labels.get(i));
        }
        json.put("initializer_range", 0.02);
        json.put("intermediate_size", intermediateSize);
        ObjectNode label2id = json.putObject("label2id");
        for (int i = 0; i < labels.size(); i++) {
            label2id.put(labels.get(i), i);
        }
        json.put("layer_norm_eps", Double.parseDouble(Float.toString(layerNormEps)));
        json.put("max_position_embeddings", maxPositionEmbeddings);
        json.put("model_type", "xlm-roberta");
        json.put("num_attention_heads", numHeads);
        json.put("num_hidden_layers", numLayers);
        json.put("pad_token_id", padTokenId);
        json.put("position_embedding_type", "absolute");
        json.put("torch_dtype", "float32");
        json.put("type_vocab_size", typeVocabSize);
        json.put("use_cache", true);
        json.put("vocab_size", vocabSize);
        AtomicFiles.write(file, temp -> JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), json));
    }

    /**
     * Returns the width of one attention head.
     *
     * @return hidden size divided by the number of heads
     */
    public int headSize() {
        return hiddenSize / numHeads;
    }

    /**
     * Returns the longest sequence (special tokens included) the position table can hold.
     *
     * @return max positions minus the offset of the first position
     */
    public int maxSequenceLength() {
        return maxPositionEmbeddings - padTokenId - 1;
    }
}
