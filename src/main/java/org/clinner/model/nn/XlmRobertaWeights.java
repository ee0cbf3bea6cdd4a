package org.clinner.model.nn;

import org.clinner.model.snapshot.ModelConfig;
import org.clinner.model.snapshot.ModelLoadException;
import org.clinner.model.snapshot.SafetensorsFile;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of {@code XLMRobertaForTokenClassification}, by their Hugging Face names, owned by
 * one NDManager. For inference the manager is capped after loading: an operation that would attach
 * a result to the weights (a leak) fails at once instead of growing native memory.
 */
public final class XlmRobertaWeights implements AutoCloseable {

    /** The parameters of one post-LN encoder layer. */
    record Layer(
            NDArray query, NDArray queryBias,
            NDArray key, NDArray keyBias,
            NDArray value, NDArray valueBias,
            NDArray attentionOutput, NDArray attentionOutputBias,
            NDArray attentionNormWeight, NDArray attentionNormBias,
            NDArray intermediate, NDArray intermediateBias,
            NDArray output, NDArray outputBias,
            NDArray outputNormWeight, NDArray outputNormBias) {}

    final NDManager manager;
    final NDArray wordEmbeddings;
    final NDArray positionEmbeddings;
    /** The embedding of token type 0, {@code [1, hidden]}: every token of one sequence has type 0. */
    final NDArray tokenTypeRow;
    final NDArray embeddingNormWeight;
    final NDArray embeddingNormBias;
    final List<Layer> layers;
    final NDArray classifier;
    final NDArray classifierBias;
    private final Map<String, NDArray> named = new LinkedHashMap<>();

    private XlmRobertaWeights(TensorSource source, ModelConfig config, int labels, NDManager manager, boolean cap)
            throws ModelLoadException {
        this.manager = manager;
        boolean loaded = false;
        try {
            int hidden = config.hiddenSize();
            String emb = "roberta.embeddings.";
            wordEmbeddings = tensor(source, emb + "word_embeddings.weight", config.vocabSize(), hidden);
            positionEmbeddings = tensor(source, emb + "position_embeddings.weight", config.maxPositionEmbeddings(),
                    hidden);
            NDArray tokenTypes = tensor(source, emb + "token_type_embeddings.weight", config.typeVocabSize(), hidden);
            // one type: the table is the row; more: a copy of row 0 (a view would outlive a mapped table's buffer)
            tokenTypeRow = config.typeVocabSize() == 1 ? tokenTypes : firstRow(tokenTypes);
            embeddingNormWeight = tensor(source, emb + "LayerNorm.weight", hidden);
            embeddingNormBias = tensor(source, emb + "LayerNorm.bias", hidden);
            List<Layer> list = new ArrayList<>();
            for (int i = 0; i < config.numLayers(); i++) {
                list.add(layer(source, "roberta.encoder.layer." + i + ".", hidden, config.intermediateSize()));
            }
            layers = List.copyOf(list);
            classifier = tensor(source, "classifier.weight", labels, hidden);
            classifierBias = tensor(source, "classifier.bias", labels);
            if (cap) {
                manager.cap();
            }
            loaded = true;
        } finally {
            if (!loaded) {
                manager.close();
            }
        }
    }

    private static NDArray firstRow(NDArray table) {
        try (NDArray row = table.get("0:1")) {
            return row.duplicate();
        }
    }

    /**
     * Loads the weights of a token classifier for inference, into a new capped manager.
     *
     * @param file the opened safetensors file
     * @param config the architecture
     * @param labels number of labels of the classifier head
     * @return the weights
     * @throws ModelLoadException when a tensor is missing or of the wrong shape
     */
    static XlmRobertaWeights load(SafetensorsFile file, ModelConfig config, int labels) throws ModelLoadException {
        return new XlmRobertaWeights((name, shape, m) -> file.load(name, shape, m), config, labels, newManager(), true);
    }

    /**
     * Creates weights that can be trained: owned by an uncapped manager, taken from a source.
     *
     * @param source where each parameter comes from
     * @param config the architecture
     * @param labels number of labels of the classifier head
     * @return the weights
     * @throws ModelLoadException when the source cannot provide a parameter
     */
    public static XlmRobertaWeights trainable(TensorSource source, ModelConfig config, int labels)
            throws ModelLoadException {
        if (config.typeVocabSize() != 1) {
            throw new IllegalArgumentException("training needs type_vocab_size 1, as XLM-R has");
        }
        return new XlmRobertaWeights(source, config, labels, newManager(), false);
    }

    private static NDManager newManager() {
        return NDManager.newBaseManager(DjlRuntime.engine().defaultDevice(), DjlRuntime.engine().getEngineName());
    }

    private NDArray tensor(TensorSource source, String name, long... shape) throws ModelLoadException {
        NDArray array = source.tensor(name, new Shape(shape), manager);
        named.put(name, array);
        return array;
    }

    private Layer layer(TensorSource source, String prefix, int hidden, int intermediate) throws ModelLoadException {
        String att = prefix + "attention.";
        return new Layer(
                tensor(source, att + "self.query.weight", hidden, hidden),
                tensor(source, att + "self.query.bias", hidden),
                tensor(source, att + "self.key.weight", hidden, hidden),
                tensor(source, att + "self.key.bias", hidden),
                tensor(source, att + "self.value.weight", hidden, hidden),
                tensor(source, att + "self.value.bias", hidden),
                tensor(source, att + "output.dense.weight", hidden, hidden),
                tensor(source, att + "output.dense.bias", hidden),
                tensor(source, att + "output.LayerNorm.weight", hidden),
                tensor(source, att + "output.LayerNorm.bias", hidden),
                tensor(source, prefix + "intermediate.dense.weight", intermediate, hidden),
                tensor(source, prefix + "intermediate.dense.bias", intermediate),
                tensor(source, prefix + "output.dense.weight", hidden, intermediate),
                tensor(source, prefix + "output.dense.bias", hidden),
                tensor(source, prefix + "output.LayerNorm.weight", hidden),
                tensor(source, prefix + "output.LayerNorm.bias", hidden));
    }

    /**
     * Returns every parameter by its Hugging Face name, in architecture order.
     *
     * @return an unmodifiable map
     */
    public Map<String, NDArray> named() {
        return Collections.unmodifiableMap(named);
    }

    @Override
    public void close() {
        manager.close();
    }
}
