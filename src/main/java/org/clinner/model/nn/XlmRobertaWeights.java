package org.clinner.model.nn;

import org.clinner.model.snapshot.ModelConfig;
import org.clinner.model.snapshot.ModelLoadException;
import org.clinner.model.snapshot.WeightFile;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of an XLM-R encoder with one or more linear token classification heads, by their
 * names in the weight file ({@link WeightLayout}), owned by one NDManager; several heads are
 * stacked into one classifier whose logits are the heads' side by side. For inference the manager
 * is capped after loading: an operation that would attach a result to the weights (a leak) fails at
 * once instead of growing native memory.
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

    private XlmRobertaWeights(TensorSource source, ModelConfig config, WeightLayout layout, NDManager manager,
            boolean cap) throws ModelLoadException {
        this.manager = manager;
        boolean loaded = false;
        try {
            for (Map.Entry<String, Shape> parameter : layout.parameters(config).entrySet()) {
                named.put(parameter.getKey(), source.tensor(parameter.getKey(), parameter.getValue(), manager));
            }
            String emb = layout.encoderPrefix() + "embeddings.";
            wordEmbeddings = named.get(emb + "word_embeddings.weight");
            positionEmbeddings = named.get(emb + "position_embeddings.weight");
            NDArray tokenTypes = named.get(emb + "token_type_embeddings.weight");
            // one type: the table is the row; more: a copy of row 0 (a view would outlive a mapped table's buffer)
            tokenTypeRow = config.typeVocabSize() == 1 ? tokenTypes : firstRow(tokenTypes);
            embeddingNormWeight = named.get(emb + "LayerNorm.weight");
            embeddingNormBias = named.get(emb + "LayerNorm.bias");
            List<Layer> list = new ArrayList<>();
            for (int i = 0; i < config.numLayers(); i++) {
                list.add(layer(layout.layerPrefix(i)));
            }
            layers = List.copyOf(list);
            classifier = stacked(layout.heads().stream().map(head -> named.get(head.weight())).toList());
            classifierBias = stacked(layout.heads().stream().map(head -> named.get(head.bias())).toList());
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

    /** One head's parameter as it is; several heads' stacked along the label axis, in head order. */
    private static NDArray stacked(List<NDArray> heads) {
        return heads.size() == 1 ? heads.get(0) : NDArrays.concat(new NDList(heads), 0);
    }

    private static NDArray firstRow(NDArray table) {
        try (NDArray row = table.get("0:1")) {
            return row.duplicate();
        }
    }

    /**
     * Loads the weights of a token classifier for inference, into a new capped manager.
     *
     * @param file the opened weight file
     * @param config the architecture
     * @param layout where the parameters are named
     * @return the weights
     * @throws ModelLoadException when a tensor is missing or of the wrong shape
     */
    static XlmRobertaWeights load(WeightFile file, ModelConfig config, WeightLayout layout)
            throws ModelLoadException {
        check(file, config, layout);
        return new XlmRobertaWeights(file::load, config, layout, newManager(), true);
    }

    /**
     * Checks that a weight file holds every parameter of an architecture, in its shape and a loadable
     * element type, before any is read.
     *
     * @param file the opened weight file
     * @param config the architecture
     * @param layout where the parameters are named
     * @throws ModelLoadException naming the missing tensors (how many, the first few) or the first
     *     misshaped one
     */
    static void check(WeightFile file, ModelConfig config, WeightLayout layout) throws ModelLoadException {
        List<String> missing = new ArrayList<>();
        Map<String, Shape> parameters = layout.parameters(config);
        for (String name : parameters.keySet()) {
            if (!file.tensors().containsKey(name)) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new ModelLoadException(file.file(), missing.size() + " of the " + parameters.size()
                    + " tensors the architecture needs are missing (" + String.join(", ", missing.subList(0,
                    Math.min(3, missing.size()))) + (missing.size() > 3 ? ", …" : "") + ")");
        }
        for (Map.Entry<String, Shape> parameter : parameters.entrySet()) {
            file.check(parameter.getKey(), parameter.getValue());
        }
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
        return new XlmRobertaWeights(source, config, WeightLayout.tokenClassification(labels), newManager(), false);
    }

    private static NDManager newManager() {
        return NDManager.newBaseManager(DjlRuntime.engine().defaultDevice(), DjlRuntime.engine().getEngineName());
    }

    private Layer layer(String prefix) {
        String att = prefix + "attention.";
        return new Layer(
                named.get(att + "self.query.weight"), named.get(att + "self.query.bias"),
                named.get(att + "self.key.weight"), named.get(att + "self.key.bias"),
                named.get(att + "self.value.weight"), named.get(att + "self.value.bias"),
                named.get(att + "output.dense.weight"), named.get(att + "output.dense.bias"),
                named.get(att + "output.LayerNorm.weight"), named.get(att + "output.LayerNorm.bias"),
                named.get(prefix + "intermediate.dense.weight"), named.get(prefix + "intermediate.dense.bias"),
                named.get(prefix + "output.dense.weight"), named.get(prefix + "output.dense.bias"),
                named.get(prefix + "output.LayerNorm.weight"), named.get(prefix + "output.LayerNorm.bias"));
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
