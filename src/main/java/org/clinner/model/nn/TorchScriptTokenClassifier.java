package org.clinner.model.nn;

import org.clinner.model.snapshot.ModelConfig;
import org.clinner.model.snapshot.ModelLoadException;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A token classifier exported as a TorchScript module by {@code tools/export_torchscript.py}
 * ({@code forward(input_ids, attention_mask, position_ids) -> float32 logits}, the mask
 * {@code [B, T]} or, for packed rows, {@code [B, T, T]} as in Hugging Face transformers), which may
 * compute in bfloat16 or with dynamically quantized int8 linear layers inside: precisions DJL
 * arrays cannot hold. Padding, packing and accounting are the same as the NDArray forward pass.
 */
public final class TorchScriptTokenClassifier extends AccountedTokenClassifier {

    private final NDManager manager;
    private final PtSymbolBlock module;

    private TorchScriptTokenClassifier(ModelConfig config, NDManager manager, PtSymbolBlock module, int labels) {
        super(config, labels);
        this.manager = manager;
        this.module = module;
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
        NDManager manager = NDManager.newBaseManager(DjlRuntime.engine().defaultDevice(),
                DjlRuntime.engine().getEngineName());
        try {
            PtSymbolBlock module = JniUtils.loadModule((PtNDManager) manager, file, true, new String[0],
                    new String[0], false);
            JniUtils.enableInferenceMode(module);
            return new TorchScriptTokenClassifier(config, manager, module, labels);
        } catch (RuntimeException e) {
            manager.close();
            throw new ModelLoadException(file, "not a loadable TorchScript module: " + e.getMessage(), e);
        }
    }

    @Override
    float[] forward(BatchLayout layout) {
        JniUtils.setGraphExecutorOptimize(false);
        int rows = layout.rows();
        int width = layout.width();
        int padId = config().padTokenId();
        Shape maskShape = layout.isPacked() ? new Shape(rows, width, width) : new Shape(rows, width);
        try (NDManager batch = manager.newSubManager()) {
            NDList outputs = module.forward(new ParameterStore(batch, false), new NDList(
                    batch.create(layout.ids(padId), new Shape(rows, width)),
                    batch.create(layout.attentionMask(), maskShape),
                    batch.create(layout.positions(padId), new Shape(rows, width))), false);
            float[] flat = outputs.singletonOrThrow().toFloatArray();
            outputs.close();
            return flat;
        }
    }

    @Override
    public void close() {
        module.close();
        manager.close();
    }
}
