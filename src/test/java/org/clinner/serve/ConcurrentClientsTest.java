package org.clinner.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clinner.model.nn.ComputeDevice;
import org.clinner.model.nn.Precision;
import org.clinner.model.tagging.TaggingOptions;
import org.clinner.uima.Mode;
import org.clinner.uima.ModelSpec;
import org.clinner.uima.NerSettings;
import org.clinner.uima.SharedModels;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many clients at once: 2,000 requests from 16 threads all succeed with the answer each document
 * gets alone (confidences included, bit for bit, although their forward batches are joined); a full
 * queue answers 503 with Retry-After and recovers; a request past its deadline gets 503.
 */
class ConcurrentClientsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] WORDS = {"Se", "realizó", "una", "colonoscopia", "y", "biopsia", "hepática", ",",
        "el", "paciente", "presentó", "dolor", "torácico", "tras", "la", "ecografía", "abdominal", "con", "TAC",
        "craneal", "normal", "."};

    /** Texts of many lengths (so of many batch widths), a few sentences each. */
    static List<String> documents(int count) {
        Random random = new Random(20261203);
        List<String> documents = new ArrayList<>();
        for (int d = 0; d < count; d++) {
            StringBuilder text = new StringBuilder();
            int sentences = 1 + random.nextInt(4);
            for (int s = 0; s < sentences; s++) {
                int words = 3 + random.nextInt(40);
                for (int w = 0; w < words; w++) {
                    text.append(WORDS[random.nextInt(WORDS.length - 1)]).append(' ');
                }
                text.append(". ");
            }
            documents.add(text.toString().trim());
        }
        return documents;
    }

    private static String body(int id, String text) {
        return JSON.createObjectNode().put("id", "d" + id).put("text", text).toString();
    }

    @Test
    void sixteenClientsGetWhatEachDocumentGetsAlone() throws Exception {
        List<String> documents = documents(40);
        try (ServeFixture server = ServeFixture.start(ServeFixture.Options.defaults(Mode.WORDS))) {
            List<String> alone = new ArrayList<>();
            for (int d = 0; d < documents.size(); d++) {
                HttpResponse<String> response = server.postJson("/v1/annotate", body(d, documents.get(d)));
                assertEquals(200, response.statusCode(), response.body());
                alone.add(response.body());
            }
            ExecutorService clients = Executors.newFixedThreadPool(16);
            AtomicInteger next = new AtomicInteger();
            List<Future<Integer>> results = new ArrayList<>();
            for (int c = 0; c < 16; c++) {
                results.add(clients.submit(() -> {
                    int same = 0;
                    for (int r = next.getAndIncrement(); r < 2000; r = next.getAndIncrement()) {
                        int d = r % documents.size();
                        HttpResponse<String> response = server.postJson("/v1/annotate", body(d, documents.get(d)));
                        assertEquals(200, response.statusCode(), response.body());
                        assertEquals(alone.get(d), response.body(), "document " + d + ", request " + r);
                        same++;
                    }
                    return same;
                }));
            }
            int total = 0;
            for (Future<Integer> result : results) {
                total += result.get();
            }
            clients.shutdown();
            assertEquals(2000, total);
        }
    }

    @Test
    void aFullQueueAnswers503WithRetryAfterAndRecovers() throws Exception {
        String longText = String.join(" ", documents(30));
        ServeFixture.Options options = ServeFixture.Options.defaults(Mode.WORDS).with(2, 1, Duration.ofSeconds(120));
        try (ServeFixture server = ServeFixture.start(options)) {
            ExecutorService clients = Executors.newFixedThreadPool(12);
            List<Future<HttpResponse<String>>> responses = new ArrayList<>();
            for (int c = 0; c < 12; c++) {
                responses.add(clients.submit(() -> server.postJson("/v1/annotate", body(0, longText))));
            }
            int refused = 0;
            int done = 0;
            for (Future<HttpResponse<String>> future : responses) {
                HttpResponse<String> response = future.get();
                if (response.statusCode() == 503) {
                    refused++;
                    assertEquals("overloaded", JSON.readTree(response.body()).path("error").asText());
                    assertEquals("1", response.headers().firstValue("Retry-After").orElse(""));
                } else {
                    assertEquals(200, response.statusCode(), response.body());
                    done++;
                }
            }
            clients.shutdown();
            assertTrue(refused > 0 && done >= 2, refused + " refused, " + done + " done");
            assertEquals(200, server.postJson("/v1/annotate", body(0, longText)).statusCode(), "after the rush");
        }
    }

    @Test
    void aRequestPastItsDeadlineIsAnswered503() throws Exception {
        String longText = String.join(" ", documents(60));
        ServeFixture.Options options = ServeFixture.Options.defaults(Mode.WORDS).with(16, 1, Duration.ofMillis(5));
        try (ServeFixture server = ServeFixture.start(options)) {
            HttpResponse<String> response = server.postJson("/v1/annotate", body(0, longText));
            assertEquals(503, response.statusCode(), response.body());
            assertEquals("deadline_exceeded", JSON.readTree(response.body()).path("error").asText());
            assertTrue(response.body().contains("deadline of 5 ms"), response.body());
        }
    }

    @Test
    void aServiceStoppedWhileAWorkerStillTagsLeavesNoModelHeld() throws Exception {
        String longText = String.join(" ", documents(200)); // about 80,000 characters: seconds of work
        ServeFixture.Options options = ServeFixture.Options.defaults(Mode.WORDS).with(16, 1, Duration.ofMillis(100));
        try (ServeFixture server = ServeFixture.start(options)) {
            HttpResponse<String> response = server.postJson("/v1/annotate", body(0, longText));
            assertEquals("deadline_exceeded", JSON.readTree(response.body()).path("error").asText());
        } // closed while the worker still makes its pipeline and tags the document
        Thread.sleep(3000); // were a worker allowed to make its pipeline after the stop, it would have by now
        int loads = SharedModels.loadCount();
        try (SharedModels.Lease again = SharedModels.acquire(ModelSpec.of(ServeFixture.MODEL), new NerSettings(
                Mode.WORDS, new TaggingOptions(0, 128, 4096), 0, Precision.FP32, ComputeDevice.CPU))) {
            assertEquals(loads + 1, SharedModels.loadCount(), "the stopped service still holds the model");
        }
    }
}
