package org.clinner.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.List;

/**
 * The parameters of {@code XLMRobertaForTokenClassification}, by their Hugging Face names, loaded
 * from a safetensors file into one NDManager that is capped afterwards: an operation that would
 * attach a result to the weights (a leak) fails at once instead of growing native memory.
 */
final class XlmRobertaWeights implements AutoCloseable {

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
    /** Row 0 of the token type table: every token of a single-sequence input has type 0. */
    final NDArray tokenTypeRow;
    final NDArray embeddingNormWeight;
    final NDArray embeddingNormBias;
    final List<Layer> layers;
    final NDArray classifier;
    final NDArray classifierBias;

    private XlmRobertaWeights(SafetensorsFile file, ModelConfig config, int labels) throws ModelLoadException {
        manager = NDManager.newBaseManager(DjlRuntime.engine().defaultDevice(), DjlRuntime.engine().getEngineName());
        boolean loaded = false;
        try {
            int hidden = config.hiddenSize();
            Loader load = new Loader(file, manager);
            String emb = "roberta.embeddings.";
            wordEmbeddings = load.tensor(emb + "word_embeddings.weight", config.vocabSize(), hidden);
            positionEmbeddings = load.tensor(emb + "position_embeddings.weight", config.maxPositionEmbeddings(), hidden);
            try (NDArray tokenTypes = load.tensor(emb + "token_type_embeddings.weight", config.typeVocabSize(), hidden);
                    NDArray firstRow = tokenTypes.get(0)) {
                // a copy: a view would outlive the mapped buffer that backs the table
                tokenTypeRow = firstRow.duplicate();
            }
            embeddingNormWeight = load.tensor(emb + "LayerNorm.weight", hidden);
            embeddingNormBias = load.tensor(emb + "LayerNorm.bias", hidden);
            List<Layer> list = new ArrayList<>();
            for (int i = 0; i < config.numLayers(); i++) {
                list.add(layer(load, "roberta.encoder.layer." + i + ".", hidden, config.intermediateSize()));
            }
            layers = List.copyOf(list);
            classifier = load.tensor("classifier.weight", labels, hidden);
            classifierBias = load.tensor("classifier.bias", labels);
            manager.cap();
            loaded = true;
        } finally {
            if (!loaded) {
                manager.close();
            }
        }
    }

    /**
     * Loads the weights of a token classifier.
     *
     * @param file the opened safetensors file
     * @param config the architecture
     * @param labels number of labels of the classifier head
     * @return the weights, owned by a new capped manager
     * @throws ModelLoadException when a tensor is missing or of the wrong shape
     */
    static XlmRobertaWeights load(SafetensorsFile file, ModelConfig config, int labels) throws ModelLoadException {
        return new XlmRobertaWeights(file, config, labels);
    }

    private static Layer layer(Loader load, String prefix, int hidden, int intermediate) throws ModelLoadException {
        String att = prefix + "attention.";
        return new Layer(
                load.tensor(att + "self.query.weight", hidden, hidden),
                load.tensor(att + "self.query.bias", hidden),
                load.tensor(att + "self.key.weight", hidden, hidden),
                load.tensor(att + "self.key.bias", hidden),
                load.tensor(att + "self.value.weight", hidden, hidden),
                load.tensor(att + "self.value.bias", hidden),
                load.tensor(att + "output.dense.weight", hidden, hidden),
                load.tensor(att + "output.dense.bias", hidden),
                load.tensor(att + "output.LayerNorm.weight", hidden),
                load.tensor(att + "output.LayerNorm.bias", hidden),
                load.tensor(prefix + "intermediate.dense.weight", intermediate, hidden),
                load.tensor(prefix + "intermediate.dense.bias", intermediate),
                load.tensor(prefix + "output.dense.weight", hidden, intermediate),
                load.tensor(prefix + "output.dense.bias", hidden),
                load.tensor(prefix + "output.LayerNorm.weight", hidden),
                load.tensor(prefix + "output.LayerNorm.bias", hidden));
    }

    /** Loads tensors by name and shape into one manager. */
    private record Loader(SafetensorsFile file, NDManager manager) {
        NDArray tensor(String name, long... shape) throws ModelLoadException {
            return file.load(name, new Shape(shape), manager);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
