package org.clinner.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clinner.uima.Mode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Every bad request gets its 4xx status and a JSON error naming the problem, while a good request
 * sent at the same time succeeds, and the server goes on serving.
 */
class BadRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GOOD = "{\"id\": \"good\", \"text\": \"Se realizó una colonoscopia y una biopsia.\"}";
    private static ServeFixture server;

    @TempDir
    static Path temp;

    @BeforeAll
    static void start() throws Exception {
        server = ServeFixture.start(new ServeFixture.Options(Mode.WORDS, 256, 4, java.time.Duration.ofSeconds(60),
                null, java.util.List.of(), 4096, 200));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** One bad request, sent beside a good one: its status, error code and message. */
    private void assertRefused(int status, String code, String message, HttpRequest bad) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<HttpResponse<String>> good = pool.submit(() -> server.postJson("/v1/annotate", GOOD));
            Future<HttpResponse<String>> refused = pool.submit(() -> server.send(bad));
            HttpResponse<String> response = refused.get();
            assertEquals(status, response.statusCode(), response.body());
            assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
            JsonNode error = JSON.readTree(response.body());
            assertEquals(code, error.path("error").asText(), response.body());
            assertTrue(error.path("message").asText().contains(message), response.body());
            assertEquals(200, good.get().statusCode(), "a good request beside " + code);
        } finally {
            pool.shutdownNow();
        }
    }

    private HttpRequest post(String path, String contentType, byte[] body) {
        return server.request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private HttpRequest json(String body) {
        return post("/v1/annotate", "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void malformedBodiesAreRefusedByName() throws Exception {
        assertRefused(400, "invalid_json", "not valid JSON", json("{\"text\": \"unterminated"));
        assertRefused(400, "invalid_utf8", "not valid UTF-8: malformed byte 0xFF at byte offset 10",
                post("/v1/annotate", "application/json", new byte[] {'{', '"', 't', 'e', 'x', 't', '"', ':', ' ',
                    '"', (byte) 0xff, '"', '}'}));
        assertRefused(400, "empty_body", "no body", post("/v1/annotate", "application/json", new byte[0]));
        assertRefused(400, "invalid_request", "must be a JSON object", json("[\"a\"]"));
        assertRefused(400, "missing_text", "the body has no text", json("{\"id\": \"x\"}"));
        assertRefused(400, "invalid_request", "text must be a string, not number", json("{\"text\": 42}"));
        assertRefused(400, "invalid_request", "id must be a string", json("{\"text\": \"a\", \"id\": []}"));
        assertRefused(400, "invalid_request", "documents must be a non-empty array", json("{\"documents\": []}"));
        assertRefused(400, "missing_text", "documents[1] has no text",
                json("{\"documents\": [{\"text\": \"a\"}, {\"id\": \"b\"}]}"));
        assertRefused(415, "unsupported_media_type", "not application/xml",
                post("/v1/annotate", "application/xml", "<a/>".getBytes(StandardCharsets.UTF_8)));
        assertRefused(400, "invalid_parameter", "offsets must be code_points or utf16, not 'bytes'",
                post("/v1/annotate?offsets=bytes", "application/json", GOOD.getBytes(StandardCharsets.UTF_8)));
        assertRefused(400, "invalid_parameter", "?mode must be raw or words, not 'fast'",
                post("/v1/annotate?mode=fast", "application/json", GOOD.getBytes(StandardCharsets.UTF_8)));
        assertRefused(400, "invalid_parameter", "mode must be raw or words, not 'RAW '",
                json("{\"text\": \"a\", \"mode\": \"RAW \"}"));
        assertRefused(400, "invalid_parameter", "?mode=raw and the body's mode words differ",
                post("/v1/annotate?mode=raw", "application/json", "{\"text\": \"a\", \"mode\": \"words\"}"
                        .getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void oversizedBodiesAndTextsAreRefused() throws Exception {
        assertRefused(413, "text_too_long", "good: its text of 201 characters is over the limit of 200",
                json("{\"id\": \"good\", \"text\": \"" + "a".repeat(201) + "\"}"));
        assertRefused(413, "body_too_large", "over the limit of 4096 bytes",
                json("{\"text\": \"" + "a ".repeat(3000) + "\"}"));
    }

    @Test
    void xmiThatDoesNotParseOrDeclaresADoctypeIsRefusedAndNoEntityIsRead() throws Exception {
        assertRefused(400, "invalid_xmi", "the XMI does not parse", post("/v1/xmi", "application/xml",
                "<xmi:XMI xmlns:xmi=\"http://www.omg.org/XMI\"".getBytes(StandardCharsets.UTF_8)));
        Path secret = Files.writeString(temp.resolve("secret.txt"), "TOP-SECRET");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"" + secret.toUri() + "\">]>"
                + "<xmi:XMI xmlns:xmi=\"http://www.omg.org/XMI\" xmlns:cas=\"http:///uima/cas.ecore\""
                + " xmi:version=\"2.0\">"
                + "<cas:Sofa xmi:id=\"1\" sofaNum=\"1\" sofaID=\"_InitialView\" mimeType=\"text\" sofaString=\"&e;\"/>"
                + "</xmi:XMI>";
        assertRefused(400, "doctype_refused", "XML with a DOCTYPE is refused", post("/v1/xmi", "application/xml",
                xxe.getBytes(StandardCharsets.UTF_8)));
        String predict = JSON.createObjectNode().put("typeSystem", "<!DOCTYPE t [<!ENTITY e SYSTEM \""
                + secret.toUri() + "\">]><typeSystemDescription/>").toString();
        HttpResponse<String> inception = server.postJson("/v1/inception/predict", predict);
        assertEquals(400, inception.statusCode(), inception.body());
        assertFalse(inception.body().contains("TOP-SECRET"));
    }

    @Test
    void unknownRoutesAndMethodsAreJsonErrors() throws Exception {
        assertRefused(404, "not_found", "no route /v2/annotate", post("/v2/annotate", "application/json",
                GOOD.getBytes(StandardCharsets.UTF_8)));
        assertRefused(405, "method_not_allowed", "DELETE is not allowed on /v1/annotate",
                server.request("/v1/annotate").DELETE().build());
        assertRefused(405, "method_not_allowed", "GET is not allowed on /v1/annotate",
                server.request("/v1/annotate").GET().build());
    }

    @Test
    void aFailedDocumentOfABatchIsListedAndTheOthersAreAnswered() throws Exception {
        HttpResponse<String> response = server.postJson("/v1/annotate", "{\"documents\": [{\"id\": \"a\", \"text\":"
                + " \"Se realizó una biopsia.\"}, {\"id\": \"b\", \"text\": \"" + "a".repeat(201) + "\"}]}");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode documents = JSON.readTree(response.body()).path("documents");
        assertEquals("a", documents.get(0).path("id").asText());
        assertTrue(documents.get(0).path("mentions").size() > 0, response.body());
        assertEquals("b", documents.get(1).path("id").asText());
        assertEquals("text_too_long", documents.get(1).path("error").asText());
        assertEquals("b: its text of 201 characters is over the limit of 200", documents.get(1).path("message")
                .asText());
    }

    @Test
    void inTsvEveryFailedDocumentHasItsOwnHeaderInPercentEncodedUtf8() throws Exception {
        String tooLong = "a".repeat(201);
        String batch = "{\"documents\": [{\"id\": \"informe_señor_€\", \"text\": \"" + tooLong + "\"}, {\"id\":"
                + " \"ok\", \"text\": \"Se realizó una biopsia.\"}, {\"id\": \"b\", \"text\": \"" + tooLong + "\"}]}";
        HttpResponse<String> response = server.post("/v1/annotate", "application/json",
                batch.getBytes(StandardCharsets.UTF_8), "Accept", "text/tab-separated-values");
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("\nok\tPROCEDURE\t"), response.body());
        List<String> failed = response.headers().allValues("X-Clinner-Failed").stream()
                .map(value -> URLDecoder.decode(value, StandardCharsets.UTF_8)).toList();
        assertEquals(List.of("informe_señor_€: its text of 201 characters is over the limit of 200",
                "b: its text of 201 characters is over the limit of 200"), failed);
    }

    @Test
    void aBatchTheQueueCouldNeverTakeIsRefusedWithoutRetryAfter() throws Exception {
        String batch = "{\"documents\": [" + "{\"text\": \"a\"},".repeat(256) + "{\"text\": \"a\"}]}";
        assertRefused(413, "batch_too_large", "the batch has 257 documents, more than the 256 the service admits at"
                + " once (--queue): split it", json(batch));
        assertTrue(server.postJson("/v1/annotate", batch).headers().firstValue("Retry-After").isEmpty());
    }
}
