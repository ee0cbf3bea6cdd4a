package org.clinner.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clinner.model.ParityFixture;
import org.clinner.model.TestSnapshots;
import org.clinner.model.nn.BatchLayout;
import org.clinner.model.nn.TokenClassifier;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

/**
 * The bench's peer computes what the model computes: the ONNX model written for ONNX Runtime gives the
 * independent PyTorch reference's logits (so variant O measures the same network, not a cheaper one).
 */
class OnnxRuntimePeerTest {

    @TempDir
    Path temp;

    @Test
    void onnxRuntimeGivesTheReferenceLogits() throws Exception {
        JsonNode batch = ParityFixture.logitsOf("model-f32");
        List<long[]> sequences = ParityFixture.unpadded(batch);
        OnnxRuntimePeer peer = new OnnxRuntimePeer();
        assertTrue(peer.name().startsWith("ONNX Runtime 1.29.0"), peer.name());
        try (TokenClassifier onnx = peer.load(TestSnapshots.PARITY.resolve("model-f32"), temp, 1)) {
            List<float[][]> logits = onnx.logits(BatchLayout.unpacked(sequences, 0));
            assertEquals(sequences.size(), logits.size());
            double max = ParityFixture.maxDifference(logits, batch.path("logits"));
            System.out.printf("ONNX Runtime against the reference: max |logit difference| %.3e%n", max);
            assertTrue(max <= 1e-4, "max |diff| " + max);
            assertTrue(onnx.tokensProcessed() > 0);
            assertThrows(UnsupportedOperationException.class, () -> onnx.logits(BatchLayout.of(
                    List.of(List.of(sequences.get(0), sequences.get(1))), 0)));
        }
    }
}
