package org.clinner.model.nn;

import org.clinner.model.snapshot.ModelConfig;
import org.clinner.model.snapshot.ModelLoadException;
import org.clinner.model.snapshot.WeightFile;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A token classifier run by a TorchScript module ({@code forward(input_ids, attention_mask,
 * position_ids) -> float32 logits}, the mask {@code [B, T]} or, for packed rows, {@code [B, T, T]}
 * as in Hugging Face transformers), which may compute in bfloat16 or with int8 linear layers inside:
 * precisions DJL arrays cannot hold. The module is either the XLM-R program shipped in this jar
 * ({@code xlmr-program.pt}, written by {@code tools/make_xlmr_program.py}), given the weights of a
 * snapshot or state dict at load and converting them to a {@link Precision}, or an export of one
 * snapshot by {@code tools/export_torchscript.py}. Padding, packing and accounting are the same as
 * the NDArray forward pass.
 */
public final class TorchScriptTokenClassifier extends AccountedTokenClassifier {

    private static final Logger LOG = LoggerFactory.getLogger(TorchScriptTokenClassifier.class);

    /** The program's resource, beside this class. */
    static final String PROGRAM = "xlmr-program.pt";

    /**
     * The products of each layer that int8 quantizes: attention output (1), intermediate (2) and output
     * (3). The fused query/key/value product (0) stays float32: quantizing it too kept 99.12 % of the
     * float32 spans of the built-in model on the 250 MedProcNER test documents (AVX2, 7-bit activations),
     * against 99.66 % without it.
     */
    private static final long[] INT8_LINEARS = {1, 2, 3};

    private final NDManager manager;
    private final PtSymbolBlock module;

    private TorchScriptTokenClassifier(ModelConfig config, NDManager manager, PtSymbolBlock module, int labels) {
        super(config, labels);
        this.manager = manager;
        this.module = module;
    }

    /**
     * Loads a TorchScript export of a snapshot.
     *
     * @param file the {@code .pt} file
     * @param config the snapshot's architecture
     * @param labels number of labels the module outputs
     * @param device where to compute
     * @return the classifier
     * @throws ModelLoadException when the file is missing or not a TorchScript module
     */
    public static TorchScriptTokenClassifier load(Path file, ModelConfig config, int labels, ComputeDevice device)
            throws ModelLoadException {
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException(file, "missing (export it with tools/export_torchscript.py)");
        }
        NDManager manager = NDManager.newBaseManager(device.djl(), DjlRuntime.engine().getEngineName());
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

    /**
     * Runs a model's weights in the XLM-R program, converted to a precision, on a device. The word
     * embeddings stay mapped from the file on the CPU (only the rows looked up are ever read); every
     * other tensor is read through one reused buffer and converted by the program, so loading holds no
     * more than the converted weights and one tensor besides.
     *
     * @param file the opened weight file
     * @param config the architecture
     * @param layout where the parameters are named
     * @param precision the precision of the encoder's products
     * @param device where to compute
     * @return the classifier
     * @throws ModelLoadException when a tensor is missing or misshaped, or the program refuses a weight
     */
    public static TorchScriptTokenClassifier program(WeightFile file, ModelConfig config, WeightLayout layout,
            Precision precision, ComputeDevice device) throws ModelLoadException {
        XlmRobertaWeights.check(file, config, layout);
        if (precision == Precision.INT8 && !device.isCpu()) {
            throw new ModelLoadException(file.file(), "int8 runs on the CPU only (its products are FBGEMM's);"
                    + " on " + device.name() + " use fp32 or bf16");
        }
        TorchScriptTokenClassifier classifier = configured(config, layout.labels(), precision, device);
        try {
            new ProgramLoader(file, config, layout, classifier).load();
            return classifier;
        } catch (ModelLoadException | RuntimeException e) {
            classifier.close();
            throw e;
        }
    }

    /**
     * Loads the XLM-R program and configures it for an architecture, a precision and a device (int8
     * activations of 8 bits where the processor has VNNI, else 7: {@link CpuFeatures}); it has no
     * weights yet.
     *
     * @param config the architecture
     * @param labels the width of its logits
     * @param precision the precision of the encoder's products
     * @param device where to compute
     * @return the program
     */
    static TorchScriptTokenClassifier configured(ModelConfig config, int labels, Precision precision,
            ComputeDevice device) {
        NDManager manager = NDManager.newBaseManager(device.djl(), DjlRuntime.engine().getEngineName());
        try {
            TorchScriptTokenClassifier program = new TorchScriptTokenClassifier(config, manager,
                    loadProgram((PtNDManager) manager), labels);
            CpuFeatures cpu = CpuFeatures.current();
            if (precision == Precision.BF16 && device.isCpu() && !cpu.nativeBf16()) {
                LOG.warn("bf16 on this processor ({}: {}) is emulated with float32 instructions and runs slower than"
                        + " fp32; bf16 pays where the processor has AVX512-BF16 or AMX", cpu.model(), cpu.summary());
            }
            program.call("configure", IValue.from((long) config.hiddenSize()), IValue.from((long) config.numHeads()),
                    IValue.from((long) config.numLayers()), IValue.from(config.layerNormEps()),
                    IValue.from(precision.label()), IValue.from(!cpu.vnni()), IValue.listFrom(INT8_LINEARS));
            return program;
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static PtSymbolBlock loadProgram(PtNDManager manager) {
        try (InputStream program = TorchScriptTokenClassifier.class.getResourceAsStream(PROGRAM)) {
            if (program == null) {
                throw new IllegalStateException(PROGRAM + " is missing from the class path");
            }
            PtSymbolBlock module = JniUtils.loadModule(manager, program, true, false);
            JniUtils.enableInferenceMode(module);
            return module;
        } catch (IOException e) {
            throw new IllegalStateException(PROGRAM + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Calls one of the program's methods.
     *
     * @param method the method's name
     * @param arguments its arguments (closed after the call)
     * @return what it returned, as a number
     */
    long call(String method, IValue... arguments) {
        try {
            DjlRuntime.disableGradOnThisThread();
            try (IValue result = IValueUtils.runMethod(module, method, arguments)) {
                return result.isLong() ? result.toLong() : 0;
            }
        } finally {
            for (IValue argument : arguments) {
                argument.close();
            }
        }
    }

    /**
     * Hands the program arrays, which it copies or keeps, as the method says.
     *
     * @param method the method
     * @param name the weight's name in the program, or null for methods that take only arrays
     * @param arrays the arrays
     */
    void hand(String method, String name, NDArray... arrays) {
        List<IValue> arguments = new ArrayList<>();
        if (name != null) {
            arguments.add(IValue.from(name));
        }
        for (NDArray array : arrays) {
            arguments.add(IValue.from((PtNDArray) array));
        }
        call(method, arguments.toArray(new IValue[0]));
    }

    /**
     * Returns the manager the program's arrays are created in.
     *
     * @return the classifier's manager
     */
    NDManager manager() {
        return manager;
    }

    @Override
    protected float[] forward(BatchLayout layout) {
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

    /** Hands a weight file's tensors to the program, converting them to a precision. */
    private static final class ProgramLoader {

        private final WeightFile file;
        private final ModelConfig config;
        private final WeightLayout layout;
        private final TorchScriptTokenClassifier program;
        private final ByteBuffer buffer;

        ProgramLoader(WeightFile file, ModelConfig config, WeightLayout layout, TorchScriptTokenClassifier program) {
            this.file = file;
            this.config = config;
            this.layout = layout;
            this.program = program;
            String words = layout.encoderPrefix() + "embeddings.word_embeddings.weight";
            long largest = layout.parameters(config).keySet().stream().filter(name -> !name.equals(words))
                    .mapToLong(file::bytes).max().orElse(0);
            this.buffer = ByteBuffer.allocateDirect(Math.toIntExact(largest)).order(ByteOrder.nativeOrder());
        }

        void load() throws ModelLoadException {
            String emb = layout.encoderPrefix() + "embeddings.";
            Map<String, Shape> shapes = layout.parameters(config);
            String words = emb + "word_embeddings.weight";
            program.hand("put_word_embeddings", null, file.map(words, shapes.get(words), program.manager()));
            put("embeddings.position", emb + "position_embeddings.weight", shapes);
            put("embeddings.token_type", emb + "token_type_embeddings.weight", shapes);
            put("embeddings.norm_weight", emb + "LayerNorm.weight", shapes);
            put("embeddings.norm_bias", emb + "LayerNorm.bias", shapes);
            program.call("build_embeddings");
            for (int i = 0; i < config.numLayers(); i++) {
                String hf = layout.layerPrefix(i);
                String ours = "layer." + i + ".";
                for (Map.Entry<String, String> part : LAYER_PARTS.entrySet()) {
                    put(ours + part.getKey() + ".weight", hf + part.getValue() + ".weight", shapes);
                    put(ours + part.getKey() + ".bias", hf + part.getValue() + ".bias", shapes);
                }
                program.call("build_layer", IValue.from((long) i));
            }
            for (WeightLayout.Head head : layout.heads()) {
                try (NDArray weight = read(head.weight(), shapes, buffer);
                        NDArray bias = read(head.bias(), shapes, ByteBuffer.allocateDirect(head.labels() * 8))) {
                    program.hand("put_head", null, weight, bias);
                }
            }
            program.call("finish");
        }

        private void put(String ours, String theirs, Map<String, Shape> shapes) throws ModelLoadException {
            try (NDArray array = read(theirs, shapes, buffer)) {
                program.hand("put", ours, array);
            }
        }

        private NDArray read(String name, Map<String, Shape> shapes, ByteBuffer target) throws ModelLoadException {
            return file.read(name, shapes.get(name), program.manager(), target);
        }
    }

    /** The program's names of one layer's parts, and their Hugging Face names after the layer prefix. */
    private static final Map<String, String> LAYER_PARTS = orderedParts();

    private static Map<String, String> orderedParts() {
        Map<String, String> parts = new java.util.LinkedHashMap<>();
        parts.put("query", "attention.self.query");
        parts.put("key", "attention.self.key");
        parts.put("value", "attention.self.value");
        parts.put("attention_output", "attention.output.dense");
        parts.put("attention_norm", "attention.output.LayerNorm");
        parts.put("intermediate", "intermediate.dense");
        parts.put("output", "output.dense");
        parts.put("output_norm", "output.LayerNorm");
        return parts;
    }
}
