package org.clinner.model.nn;

import org.clinner.model.snapshot.ModelConfig;

import ai.djl.ndarray.types.Shape;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the parameters of an XLM-R token classifier are named in a weight file: the prefix of the
 * encoder's Hugging Face names ({@code roberta.} in an {@code XLMRobertaForTokenClassification}
 * snapshot, {@code encoder.} in a DT4H multi-task state dict) and one or more linear heads on the
 * encoder's last hidden states, whose logits the classifier returns side by side, in head order.
 *
 * @param encoderPrefix what precedes {@code embeddings.} and {@code encoder.layer.N.}
 * @param heads the heads, at least one
 */
public record WeightLayout(String encoderPrefix, List<Head> heads) {

    /**
     * One linear head.
     *
     * @param weight name of its {@code [labels, hidden]} weight
     * @param bias name of its {@code [labels]} bias
     * @param labels its number of labels
     */
    public record Head(String weight, String bias, int labels) {}

    /**
     * Checks the layout.
     *
     * @param encoderPrefix the encoder's prefix
     * @param heads the heads
     */
    public WeightLayout {
        if (heads.isEmpty()) {
            throw new IllegalArgumentException("a classifier needs at least one head");
        }
        heads = List.copyOf(heads);
    }

    /**
     * The layout of {@code XLMRobertaForTokenClassification}: {@code roberta.*} and one
     * {@code classifier}.
     *
     * @param labels the classifier's labels
     * @return the layout
     */
    public static WeightLayout tokenClassification(int labels) {
        return new WeightLayout("roberta.", List.of(new Head("classifier.weight", "classifier.bias", labels)));
    }

    /**
     * Returns the labels of all heads together: the width of the classifier's logits.
     *
     * @return the sum of the heads' labels
     */
    public int labels() {
        return heads.stream().mapToInt(Head::labels).sum();
    }

    /**
     * Lists every parameter the architecture needs, by name, with its shape, in architecture order.
     *
     * @param config the architecture
     * @return names and shapes
     */
    public Map<String, Shape> parameters(ModelConfig config) {
        Map<String, Shape> parameters = new LinkedHashMap<>();
        int hidden = config.hiddenSize();
        String emb = encoderPrefix + "embeddings.";
        parameters.put(emb + "word_embeddings.weight", new Shape(config.vocabSize(), hidden));
        parameters.put(emb + "position_embeddings.weight", new Shape(config.maxPositionEmbeddings(), hidden));
        parameters.put(emb + "token_type_embeddings.weight", new Shape(config.typeVocabSize(), hidden));
        parameters.put(emb + "LayerNorm.weight", new Shape(hidden));
        parameters.put(emb + "LayerNorm.bias", new Shape(hidden));
        for (int i = 0; i < config.numLayers(); i++) {
            String layer = layerPrefix(i);
            for (String projection : List.of("self.query", "self.key", "self.value", "output.dense")) {
                parameters.put(layer + "attention." + projection + ".weight", new Shape(hidden, hidden));
                parameters.put(layer + "attention." + projection + ".bias", new Shape(hidden));
            }
            parameters.put(layer + "attention.output.LayerNorm.weight", new Shape(hidden));
            parameters.put(layer + "attention.output.LayerNorm.bias", new Shape(hidden));
            parameters.put(layer + "intermediate.dense.weight", new Shape(config.intermediateSize(), hidden));
            parameters.put(layer + "intermediate.dense.bias", new Shape(config.intermediateSize()));
            parameters.put(layer + "output.dense.weight", new Shape(hidden, config.intermediateSize()));
            parameters.put(layer + "output.dense.bias", new Shape(hidden));
            parameters.put(layer + "output.LayerNorm.weight", new Shape(hidden));
            parameters.put(layer + "output.LayerNorm.bias", new Shape(hidden));
        }
        for (Head head : heads) {
            parameters.put(head.weight(), new Shape(head.labels(), hidden));
            parameters.put(head.bias(), new Shape(head.labels()));
        }
        return parameters;
    }

    /**
     * Returns the prefix of one encoder layer's parameters.
     *
     * @param layer the layer index
     * @return e.g. {@code roberta.encoder.layer.0.}
     */
    String layerPrefix(int layer) {
        return encoderPrefix + "encoder.layer." + layer + ".";
    }
}
