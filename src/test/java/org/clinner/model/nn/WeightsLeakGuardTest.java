package org.clinner.model.nn;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.clinner.model.TestSnapshots;
import org.clinner.model.snapshot.ModelConfig;
import org.clinner.model.snapshot.Safetensors;
import org.clinner.model.snapshot.SnapshotFiles;
import org.clinner.model.snapshot.WeightFile;

import ai.djl.ndarray.NDArray;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

/** The weights' manager is capped: an operation that would leave its result on it fails at once. */
class WeightsLeakGuardTest {

    @Test
    void aResultAttachedToTheWeightsFailsLoudly() throws Exception {
        Path model = TestSnapshots.PARITY.resolve("model-f32");
        ModelConfig config = ModelConfig.read(model.resolve(SnapshotFiles.CONFIG));
        try (WeightFile file = Safetensors.open(model.resolve(SnapshotFiles.WEIGHTS));
                XlmRobertaWeights weights = XlmRobertaWeights.load(file, config, WeightLayout.tokenClassification(3))) {
            NDArray bias = weights.classifierBias;
            assertThrows(IllegalStateException.class, () -> bias.add(1f));
        }
    }
}
