package org.clinner.bench;

import org.clinner.cli.BenchPeer;
import org.clinner.model.nn.AccountedTokenClassifier;
import org.clinner.model.nn.BatchLayout;
import org.clinner.model.nn.TokenClassifier;
import org.clinner.model.snapshot.ModelConfig;
import org.clinner.model.snapshot.SnapshotFiles;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * ONNX Runtime (CPU, every graph optimization, the given intra-op threads) as {@code clinner bench}'s
 * peer: the snapshot is written as an ONNX model with ONNX Runtime's fused transformer operators
 * ({@link OnnxModelWriter}) and run on unpacked batches, as a user of ONNX Runtime would run it.
 */
public final class OnnxRuntimePeer implements BenchPeer {

    @Override
    public String name() {
        return "ONNX Runtime " + OrtEnvironment.getEnvironment().getVersion() + " (CPU execution provider)";
    }

    @Override
    public TokenClassifier load(Path snapshot, Path work, int threads) throws Exception {
        ModelConfig config = ModelConfig.read(snapshot.resolve(SnapshotFiles.CONFIG));
        Path onnx = OnnxModelWriter.write(snapshot, work);
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(threads);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            return new Classifier(config, environment, environment.createSession(onnx.toString(), options));
        }
    }

    /** A session as a token classifier of unpacked batches. */
    static final class Classifier extends AccountedTokenClassifier {

        private final OrtEnvironment environment;
        private final OrtSession session;

        Classifier(ModelConfig config, OrtEnvironment environment, OrtSession session) {
            super(config, config.labels().size());
            this.environment = environment;
            this.session = session;
        }

        @Override
        protected float[] forward(BatchLayout batch) {
            if (batch.isPacked()) {
                throw new UnsupportedOperationException("the ONNX model takes one sequence per row");
            }
            long[] shape = {batch.rows(), batch.width()};
            int pad = config().padTokenId();
            try (OnnxTensor ids = tensor(batch.ids(pad), shape);
                    OnnxTensor mask = tensor(batch.attentionMask(), shape);
                    OnnxTensor positions = tensor(batch.positions(pad), shape);
                    OrtSession.Result result = session.run(Map.of("input_ids", ids, "attention_mask", mask,
                            "position_ids", positions))) {
                FloatBuffer logits = ((OnnxTensor) result.get(0)).getFloatBuffer();
                float[] flat = new float[logits.remaining()];
                logits.get(flat);
                return flat;
            } catch (OrtException e) {
                throw new IllegalStateException("ONNX Runtime: " + e.getMessage(), e);
            }
        }

        private OnnxTensor tensor(long[] values, long[] shape) throws OrtException {
            return OnnxTensor.createTensor(environment, LongBuffer.wrap(values), shape);
        }

        @Override
        public void close() {
            try {
                session.close();
            } catch (OrtException e) {
                throw new IllegalStateException("ONNX Runtime: " + e.getMessage(), e);
            }
        }
    }
}
