package org.clinner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clinner.model.TestSnapshots;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code clinner serve} as a process: it says where it listens, and on SIGTERM it refuses new
 * requests, finishes the one in flight and exits 0.
 */
class ServeProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern READY = Pattern.compile("clinner serve: ready on http://127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern QUEUED = Pattern.compile("(?m)^clinner_queue_documents ([0-9.]+)$");
    private static final int DOCUMENTS = 100;

    private final HttpClient http = HttpClient.newHttpClient();

    private static int port(CliProcess.Running serve) throws Exception {
        long end = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < end) {
            Matcher ready = READY.matcher(Files.readString(serve.err(), StandardCharsets.UTF_8));
            if (ready.find()) {
                return Integer.parseInt(ready.group(1));
            }
            assertTrue(serve.process().isAlive(), () -> "serve exited: " + read(serve));
            Thread.sleep(100);
        }
        throw new AssertionError("serve was not ready in 3 minutes: " + read(serve));
    }

    private static String read(CliProcess.Running serve) {
        try {
            return Files.readString(serve.err(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static String batch() throws IOException {
        String text = Files.readString(TestSnapshots.PARITY.resolve("cli/input/long.txt"), StandardCharsets.UTF_8);
        ObjectNode body = JSON.createObjectNode();
        ArrayNode documents = body.putArray("documents");
        for (int d = 0; d < DOCUMENTS; d++) {
            documents.addObject().put("id", "d" + d).put("text", text);
        }
        return body.toString();
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until the service has documents of the batch queued or running. */
    private void awaitQueued(int port, CompletableFuture<?> batch) throws Exception {
        while (!batch.isDone()) {
            Matcher queued = QUEUED.matcher(get(port, "/metrics").body());
            if (queued.find() && Double.parseDouble(queued.group(1)) > 0) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the batch was answered before it was seen in flight: " + batch.get());
    }

    @Test
    void sigtermFinishesTheRequestInFlightRefusesNewOnesAndExitsZero() throws Exception {
        String model = TestSnapshots.PARITY.resolve("model-f32").toString();
        try (CliProcess.Running serve = CliProcess.start(List.of(), List.of(), Map.of(), "serve", "--model", model,
                "--port", "0", "--workers", "1")) {
            int port = port(serve);
            CompletableFuture<HttpResponse<String>> batch = http.sendAsync(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/v1/annotate")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(batch())).build(), HttpResponse.BodyHandlers.ofString());
            awaitQueued(port, batch);
            serve.process().destroy(); // SIGTERM
            Thread.sleep(200);
            try {
                HttpResponse<String> late = get(port, "/v1/model");
                assertEquals(503, late.statusCode(), late.body());
                assertTrue(late.body().startsWith("{\"error\":\"shutting_down\""), late.body());
            } catch (IOException closed) {
                assertTrue(batch.isDone(), "the port closed while the batch was in flight: " + closed);
            }
            HttpResponse<String> answered = batch.get();
            assertEquals(200, answered.statusCode(), answered.body());
            JsonNode documents = JSON.readTree(answered.body()).path("documents");
            assertEquals(DOCUMENTS, documents.size());
            documents.forEach(d -> assertTrue(d.path("mentions").size() > 0, d.toString()));
            CliProcess.Outcome outcome = serve.await();
            assertEquals(0, outcome.exitCode(), outcome.err());
            assertTrue(outcome.err().contains("clinner serve: stopping; finishing the requests in flight"));
            assertTrue(outcome.err().contains("clinner serve: stopped\n"), outcome.err());
            assertFalse(outcome.err().contains("unfinished"), outcome.err());
        }
    }
}
