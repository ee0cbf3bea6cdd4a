package org.clinner.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A token classifier exported as a TorchScript module by {@code tools/export_torchscript.py}
 * ({@code forward(input_ids, attention_mask) -> float32 logits}), which may compute in bfloat16 or
 * with dynamically quantized int8 linear layers inside: precisions DJL arrays cannot hold. Padding
 * and accounting are the same as the NDArray forward pass.
 */
public final class TorchScriptTokenClassifier implements TokenClassifier {

    private final ModelConfig config;
    private final NDManager manager;
    private final PtSymbolBlock module;
    private final ForwardCost cost;

    private TorchScriptTokenClassifier(ModelConfig config, NDManager manager, PtSymbolBlock module, int labels) {
        this.config = config;
        this.manager = manager;
        this.module = module;
        this.cost = new ForwardCost(config, labels);
    }

    /**
     * Loads a TorchScript module.
     *
     * @param file the {@code .pt} file
     * @param config the snapshot's architecture
     * @param labels number of labels the module outputs
     * @return the classifier
     * @throws ModelLoadException when the file is missing or not a TorchScript module
     */
    public static TorchScriptTokenClassifier load(Path file, ModelConfig config, int labels) throws ModelLoadException {
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException(file, "missing (export it with tools/export_torchscript.py)");
        }
        NDManager manager = NDManager.newBaseManager(DjlRuntime.engine().defaultDevice(), DjlRuntime.engine().getEngineName());
        try {
            PtSymbolBlock module = JniUtils.loadModule((PtNDManager) manager, file, true, new String[0], new String[0], false);
            JniUtils.enableInferenceMode(module);
            return new TorchScriptTokenClassifier(config, manager, module, labels);
        } catch (RuntimeException e) {
            manager.close();
            throw new ModelLoadException(file, "not a loadable TorchScript module: " + e.getMessage(), e);
        }
    }

    @Override
    public List<float[][]> logits(List<long[]> sequences, int padTo) {
        List<float[][]> empty = PaddedLogits.ofEmptyBatch(sequences);
        if (empty != null) {
            return empty;
        }
        DjlRuntime.disableGradOnThisThread();
        JniUtils.setGraphExecutorOptimize(false);
        int rows = sequences.size();
        int width = cost.record(sequences, padTo);
        long[] ids = new long[rows * width];
        long[] mask = new long[rows * width];
        Arrays.fill(ids, config.padTokenId());
        for (int r = 0; r < rows; r++) {
            long[] sequence = sequences.get(r);
            System.arraycopy(sequence, 0, ids, r * width, sequence.length);
            Arrays.fill(mask, r * width, r * width + sequence.length, 1L);
        }
        float[] flat;
        int labels;
        try (NDManager batch = manager.newSubManager()) {
            NDList outputs = module.forward(new ParameterStore(batch, false),
                    new NDList(batch.create(ids, new Shape(rows, width)), batch.create(mask, new Shape(rows, width))), false);
            NDArray logits = outputs.singletonOrThrow();
            labels = (int) logits.getShape().get(2);
            flat = logits.toFloatArray();
            outputs.close();
        }
        return PaddedLogits.unpad(flat, sequences, width, labels);
    }

    @Override
    public long tokensProcessed() {
        return cost.tokens();
    }

    @Override
    public long flopsProcessed() {
        return cost.flops();
    }

    @Override
    public void close() {
        module.close();
        manager.close();
    }
}
