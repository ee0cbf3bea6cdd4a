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
import java.util.ArrayList;
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
        JsonNode batch = ParityFixture.cases("logits").get(0);
        assertEquals("model-f32", batch.path("model").asText());
        List<long[]> sequences = new ArrayList<>();
        for (int r = 0; r < batch.path("input_ids").size(); r++) {
            long[] ids = ParityFixture.longs(batch.path("input_ids").get(r));
            long[] mask = ParityFixture.longs(batch.path("attention_mask").get(r));
            int length = 0;
            while (length < mask.length && mask[length] == 1) {
                length++;
            }
            sequences.add(java.util.Arrays.copyOf(ids, length));
        }
        OnnxRuntimePeer peer = new OnnxRuntimePeer();
        assertTrue(peer.name().startsWith("ONNX Runtime 1.29.0"), peer.name());
        try (TokenClassifier onnx = peer.load(TestSnapshots.PARITY.resolve("model-f32"), temp, 1)) {
            List<float[][]> logits = onnx.logits(BatchLayout.unpacked(sequences, 0));
            double max = 0;
            for (int r = 0; r < logits.size(); r++) {
                assertEquals(sequences.get(r).length, logits.get(r).length);
                for (int t = 0; t < logits.get(r).length; t++) {
                    for (int l = 0; l < logits.get(r)[t].length; l++) {
                        max = Math.max(max, Math.abs(logits.get(r)[t][l]
                                - batch.path("logits").get(r).get(t).get(l).asDouble()));
                    }
                }
            }
            System.out.printf("ONNX Runtime against the reference: max |logit difference| %.3e%n", max);
            assertTrue(max <= 1e-4, "max |diff| " + max);
            assertTrue(onnx.tokensProcessed() > 0);
            assertThrows(UnsupportedOperationException.class, () -> onnx.logits(BatchLayout.of(
                    List.of(List.of(sequences.get(0), sequences.get(1))), 0)));
        }
    }
}
