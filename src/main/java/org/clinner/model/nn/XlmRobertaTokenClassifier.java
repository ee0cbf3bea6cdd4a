package org.clinner.model.nn;

import org.clinner.model.snapshot.ModelConfig;
import org.clinner.model.snapshot.ModelLoadException;
import org.clinner.model.snapshot.WeightFile;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;

import java.util.List;

/**
 * The XLM-RoBERTa encoder with a token classification head, computed with DJL NDArray operations
 * on libtorch: embeddings (word + position + token type) and LayerNorm, post-LN encoder layers
 * (multi-head self-attention with an additive mask over padding and over the other sequences of
 * a packed row, exact GELU feed-forward), and linear heads on every token. Inference is
 * thread-safe (the weights are read-only); {@link #forward(NDManager, List, float)} with dropout
 * is the training forward pass of weights that require gradients.
 */
public final class XlmRobertaTokenClassifier extends AccountedTokenClassifier {

    /** Added to the attention scores of keys a query must not see. */
    private static final float MASKED = -1e30f;

    private final XlmRobertaWeights weights;
    private final Shape hiddenShape;

    /**
     * Wraps weights in the forward pass; closing the classifier closes the weights.
     *
     * @param config the architecture
     * @param weights the parameters, of that architecture
     */
    public XlmRobertaTokenClassifier(ModelConfig config, XlmRobertaWeights weights) {
        super(config, (int) weights.classifierBias.getShape().get(0));
        this.weights = weights;
        this.hiddenShape = new Shape(config.hiddenSize());
    }

    /**
     * Loads the weights of a token classifier for inference (into a capped manager) and wraps them.
     *
     * @param file the opened weight file
     * @param config the architecture
     * @param layout where the parameters are named, and the heads
     * @return the classifier; its logits are the heads' side by side
     * @throws ModelLoadException when a tensor is missing or of the wrong shape
     */
    public static XlmRobertaTokenClassifier load(WeightFile file, ModelConfig config, WeightLayout layout)
            throws ModelLoadException {
        return new XlmRobertaTokenClassifier(config, XlmRobertaWeights.load(file, config, layout));
    }

    @Override
    protected float[] forward(BatchLayout layout) {
        try (NDManager batch = NDManager.newBaseManager(weights.manager.getDevice(),
                weights.manager.getEngine().getEngineName())) {
            return forward(batch, layout, 0f).toFloatArray();
        }
    }

    /**
     * Computes the logits of a batch as an array of the given manager, right-padded with the pad id
     * to the longest sequence; with a dropout rate above 0 it is a training forward pass (gradients
     * flow to the weights when they require them).
     *
     * @param batch the manager that owns the result and every intermediate
     * @param sequences token ids, each with its special tokens
     * @param dropout dropout rate of hidden states and attention probabilities; 0 for inference
     * @return logits {@code [rows, longest, labels]}
     */
    public NDArray forward(NDManager batch, List<long[]> sequences, float dropout) {
        BatchLayout layout = BatchLayout.unpacked(sequences, 0);
        check(layout);
        return forward(batch, layout, dropout);
    }

    private NDArray forward(NDManager batch, BatchLayout layout, float dropout) {
        int rows = layout.rows();
        int width = layout.width();
        int padId = config().padTokenId();
        NDArray idArray = batch.create(layout.ids(padId), new Shape(rows, width));
        NDArray positionArray = batch.create(layout.positions(padId), new Shape(rows, width));
        Shape maskShape = layout.isPacked() ? new Shape(rows, 1, width, width) : new Shape(rows, 1, 1, width);
        // 1 -> 0, 0 -> MASKED: an additive mask over the keys
        NDArray additiveMask = batch.create(layout.attentionMask(), maskShape).toType(DataType.FLOAT32, false)
                .subi(1f).muli(-MASKED);
        NDArray hidden = dropout(embed(idArray, positionArray), dropout);
        for (XlmRobertaWeights.Layer layer : weights.layers) {
            hidden = encoderLayer(batch, hidden, additiveMask, layer, dropout);
        }
        return Linear.linear(hidden, weights.classifier, weights.classifierBias).singletonOrThrow();
    }

    private NDArray embed(NDArray ids, NDArray positions) {
        NDArray words = single(Embedding.embedding(ids, weights.wordEmbeddings, SparseFormat.DENSE));
        NDArray positional = single(Embedding.embedding(positions, weights.positionEmbeddings, SparseFormat.DENSE));
        NDArray sum = words.addi(positional).addi(weights.tokenTypeRow);
        return layerNorm(sum, weights.embeddingNormWeight, weights.embeddingNormBias);
    }

    /** One post-LN layer; its intermediates live in a scope closed before the next layer. */
    private NDArray encoderLayer(NDManager batch, NDArray input, NDArray additiveMask, XlmRobertaWeights.Layer w,
            float dropout) {
        try (NDManager scope = batch.newSubManager()) {
            input.attach(scope);
            long rows = input.getShape().get(0);
            long width = input.getShape().get(1);
            int heads = config().numHeads();
            int headSize = config().headSize();
            NDArray query = heads(linear(input, w.query(), w.queryBias()), rows, width, heads, headSize);
            NDArray key = heads(linear(input, w.key(), w.keyBias()), rows, width, heads, headSize);
            NDArray value = heads(linear(input, w.value(), w.valueBias()), rows, width, heads, headSize);
            NDArray scores = query.matMul(key.transpose(0, 1, 3, 2)).divi((float) Math.sqrt(headSize))
                    .addi(additiveMask);
            NDArray context = dropout(scores.softmax(-1), dropout).matMul(value)
                    .transpose(0, 2, 1, 3)
                    .reshape(rows, width, (long) heads * headSize);
            NDArray attended = layerNorm(
                    dropout(linear(context, w.attentionOutput(), w.attentionOutputBias()), dropout).addi(input),
                    w.attentionNormWeight(), w.attentionNormBias());
            NDArray intermediate = Activation.gelu(linear(attended, w.intermediate(), w.intermediateBias()));
            NDArray output = layerNorm(
                    dropout(linear(intermediate, w.output(), w.outputBias()), dropout).addi(attended),
                    w.outputNormWeight(), w.outputNormBias());
            output.attach(batch);
            return output;
        }
    }

    private static NDArray dropout(NDArray input, float rate) {
        return rate > 0 ? Dropout.dropout(input, rate, true).singletonOrThrow() : input;
    }

    private static NDArray heads(NDArray projected, long rows, long width, int heads, int headSize) {
        return projected.reshape(rows, width, heads, headSize).transpose(0, 2, 1, 3);
    }

    private static NDArray linear(NDArray input, NDArray weight, NDArray bias) {
        return single(Linear.linear(input, weight, bias));
    }

    private NDArray layerNorm(NDArray input, NDArray gamma, NDArray beta) {
        return single(LayerNorm.layerNorm(input, hiddenShape, gamma, beta, config().layerNormEps()));
    }

    private static NDArray single(NDList list) {
        return list.singletonOrThrow();
    }

    @Override
    public void close() {
        weights.close();
    }
}
