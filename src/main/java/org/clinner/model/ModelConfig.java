package org.clinner.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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

    private static List<String> labels(JsonNode id2label, Path file) throws ModelLoadException {
        if (!id2label.isObject() || id2label.isEmpty()) {
            throw new ModelLoadException(file, "needs an 'id2label' object");
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
