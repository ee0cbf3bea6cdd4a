package org.clinner.model.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clinner.model.NerModel;
import org.clinner.model.ParityFixture;
import org.clinner.model.ParityModels;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

/**
 * Logits of both forward passes (the XLM-R program and the NDArray reference) against the independent
 * PyTorch reference, on padded and packed batches.
 */
class ClassifierParityTest {

    private static final double TOLERANCE = 1e-4;

    @ParameterizedTest
    @EnumSource(ParityModels.Engine.class)
    void logitsMatchTheReferenceForEveryWeightPrecision(ParityModels.Engine engine) {
        List<JsonNode> cases = ParityFixture.cases("logits");
        assertEquals(3, cases.size());
        for (JsonNode batch : cases) {
            NerModel model = ParityModels.get(batch.path("model").asText(), engine);
            List<long[]> sequences = ParityFixture.unpadded(batch);
            double maxDifference = ParityFixture.maxDifference(
                    model.classifier().logits(BatchLayout.unpacked(sequences, 0)),
                    batch.path("logits"));
            System.out.printf("parity %s %s: max |logit difference| %.3e over %d sequences%n", engine,
                    batch.path("model").asText(), maxDifference, sequences.size());
            assertTrue(maxDifference <= TOLERANCE, batch.path("model").asText() + ": max |diff| " + maxDifference);
        }
    }

    @ParameterizedTest
    @EnumSource(ParityModels.Engine.class)
    void eachSequenceAloneGivesTheSameLogitsAsInItsPaddedBatch(ParityModels.Engine engine) {
        JsonNode batch = ParityFixture.cases("logits").get(0);
        NerModel model = ParityModels.get(batch.path("model").asText(), engine);
        List<long[]> sequences = ParityFixture.unpadded(batch);
        List<float[][]> together = model.classifier().logits(BatchLayout.unpacked(sequences, 0));
        for (int s = 0; s < sequences.size(); s++) {
            float[][] alone = model.classifier().logits(BatchLayout.unpacked(List.of(sequences.get(s)), 0)).get(0);
            assertEquals(together.get(s).length, alone.length);
            for (int t = 0; t < alone.length; t++) {
                for (int l = 0; l < alone[t].length; l++) {
                    assertEquals(together.get(s)[t][l], alone[t][l], 1e-5, "sequence " + s + " token " + t);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ParityModels.Engine.class)
    void packedRowsGiveTheReferenceLogits(ParityModels.Engine engine) {
        for (JsonNode batch : ParityFixture.cases("logits")) {
            NerModel model = ParityModels.get(batch.path("model").asText(), engine);
            double maxDifference = ParityFixture.maxDifference(
                    packed(model.classifier(), ParityFixture.unpadded(batch)), batch.path("logits"));
            System.out.printf("parity %s %s packed: max |logit difference| %.3e%n", engine,
                    batch.path("model").asText(), maxDifference);
            assertTrue(maxDifference <= TOLERANCE, batch.path("model").asText() + ": max |diff| " + maxDifference);
        }
    }

    /**
     * Runs four sequences packed as rows {0, 3} and {1, 2} (each attending only to itself) and
     * returns their logits in input order.
     */
    static List<float[][]> packed(TokenClassifier classifier, List<long[]> sequences) {
        assertEquals(4, sequences.size());
        List<float[][]> logits = classifier.logits(BatchLayout.of(List.of(
                List.of(sequences.get(0), sequences.get(3)), List.of(sequences.get(1), sequences.get(2))), 0));
        return List.of(logits.get(0), logits.get(2), logits.get(3), logits.get(1));
    }
}
