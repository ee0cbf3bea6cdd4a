package org.clinner.model.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clinner.model.ModelKey;
import org.clinner.model.NerModel;
import org.clinner.model.TestSnapshots;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Concurrent callers' batches join into shared calls of one width, and each gets its own logits bit for bit. */
class CoalescingClassifierTest {

    /** A network that records the batches it runs. */
    private static final class Recording implements TokenClassifier {
        private final TokenClassifier network;
        private final List<BatchLayout> calls = Collections.synchronizedList(new ArrayList<>());

        Recording(TokenClassifier network) {
            this.network = network;
        }

        @Override
        public List<float[][]> logits(BatchLayout batch) {
            calls.add(batch);
            return network.logits(batch);
        }

        @Override
        public long tokensProcessed() {
            return network.tokensProcessed();
        }

        @Override
        public long flopsProcessed() {
            return network.flopsProcessed();
        }

        @Override
        public void close() {
            // the model owns the network
        }
    }

    private static long[] sequence(int length, int seed) {
        long[] ids = new long[length];
        for (int i = 0; i < length; i++) {
            ids[i] = 5 + (seed * 31L + i * 7L) % 370;
        }
        ids[0] = 0;
        ids[length - 1] = 2;
        return ids;
    }

    @Test
    void batchesOfOneWidthJoinAndEachCallerGetsItsLogitsBitForBit() throws Exception {
        try (NerModel model = NerModel.load(new ModelKey(TestSnapshots.PARITY.resolve("model-f32"), null))) {
            List<BatchLayout> batches = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                // two widths: 24 and 40 tokens; each caller's batch has two rows
                int width = c % 2 == 0 ? 24 : 40;
                batches.add(BatchLayout.unpacked(List.of(sequence(width, c), sequence(width - 5, c + 100)), 0));
            }
            List<List<float[][]>> alone = new ArrayList<>();
            for (BatchLayout batch : batches) {
                alone.add(model.classifier().logits(batch));
            }
            Recording network = new Recording(model.classifier());
            try (CoalescingClassifier joined = new CoalescingClassifier(network, Duration.ofMillis(500), 4096)) {
                ExecutorService callers = Executors.newFixedThreadPool(8);
                CountDownLatch ready = new CountDownLatch(8);
                List<Future<List<float[][]>>> results = new ArrayList<>();
                for (BatchLayout batch : batches) {
                    results.add(callers.submit(() -> {
                        ready.countDown();
                        ready.await();
                        return joined.logits(batch);
                    }));
                }
                for (int c = 0; c < 8; c++) {
                    List<float[][]> got = results.get(c).get();
                    for (int s = 0; s < got.size(); s++) {
                        for (int t = 0; t < got.get(s).length; t++) {
                            assertArrayEquals(alone.get(c).get(s)[t], got.get(s)[t], "caller " + c + " token " + t);
                        }
                    }
                }
                callers.shutdown();
            }
            assertTrue(network.calls.size() < 8, network.calls.size() + " calls for 8 callers");
            for (BatchLayout call : network.calls) {
                assertTrue(call.width() == 24 || call.width() == 40, "one width a call: " + call.width());
            }
            assertEquals(16, network.calls.stream().mapToInt(BatchLayout::rows).sum());
        }
    }

    @Test
    void aClosedBatcherRefusesCallers() throws Exception {
        try (NerModel model = NerModel.load(new ModelKey(TestSnapshots.PARITY.resolve("model-f32"), null))) {
            CoalescingClassifier joined = new CoalescingClassifier(model.classifier(), Duration.ZERO, 4096);
            joined.close();
            assertThrows(IllegalStateException.class, () -> joined.logits(BatchLayout.unpacked(List.of(sequence(
                    10, 1)), 0)));
        }
    }
}
