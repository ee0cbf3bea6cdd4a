package org.clinner.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clinner.model.TestSnapshots;
import org.clinner.text.CodePointOrder;
import org.clinner.text.PythonText;
import org.clinner.uima.Mode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code POST /v1/annotate} on the parity documents: the TSV the command line writes for them (the
 * published script's rows, in raw mode), JSON in code points or UTF-16, text bodies, and what is
 * loaded.
 */
class AnnotateEndpointTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path INPUT = TestSnapshots.PARITY.resolve("cli/input");
    private static ServeFixture raw;

    @BeforeAll
    static void start() throws Exception {
        raw = ServeFixture.start(ServeFixture.Options.defaults(Mode.RAW));
    }

    @AfterAll
    static void stop() {
        raw.close();
    }

    /** The parity documents by file name, read as the command line reads them. */
    static TreeMap<String, String> documents() throws Exception {
        TreeMap<String, String> documents = new TreeMap<>(CodePointOrder.ORDER);
        try (Stream<Path> files = Files.walk(INPUT)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = INPUT.relativize(file).toString().replaceAll("\\.txt$", "");
                documents.put(name, PythonText.read(Files.readAllBytes(file)));
            }
        }
        return documents;
    }

    static String batch(TreeMap<String, String> documents) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putArray("documents");
        documents.forEach((id, text) -> list.addObject().put("id", id).put("text", text));
        return body.toString();
    }

    @Test
    void aBatchOfTheParityDocumentsGivesTheCommandLinesTsvByteForByte() throws Exception {
        HttpResponse<String> response = raw.post("/v1/annotate", "application/json",
                batch(documents()).getBytes(StandardCharsets.UTF_8), "Accept", "text/tab-separated-values");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("text/tab-separated-values; charset=utf-8", response.headers().firstValue("Content-Type")
                .orElse(""));
        assertEquals(Files.readString(TestSnapshots.PARITY.resolve("cli/expected-raw.tsv"), StandardCharsets.UTF_8),
                response.body());
    }

    @Test
    void jsonOffsetsAreCodePointsUnlessUtf16IsAskedFor() throws Exception {
        String text = documents().get("emoji");
        assertTrue(text.codePointCount(0, text.length()) < text.length(), "the document has non-BMP characters");
        String body = JSON.createObjectNode().put("id", "emoji").put("text", text).toString();
        JsonNode points = JSON.readTree(raw.postJson("/v1/annotate", body).body());
        JsonNode utf16 = JSON.readTree(raw.postJson("/v1/annotate?offsets=utf16", body).body());
        assertEquals("code_points", points.path("offsets").asText());
        assertEquals("utf16", utf16.path("offsets").asText());
        assertEquals("emoji", points.path("id").asText());
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(TestSnapshots.PARITY.resolve("cli/expected-raw.tsv"))) {
            if (line.startsWith("emoji\t")) {
                rows.add(line.substring("emoji\t".length()));
            }
        }
        List<String> found = new ArrayList<>();
        int shifted = 0;
        for (int m = 0; m < points.path("mentions").size(); m++) {
            JsonNode mention = points.path("mentions").get(m);
            JsonNode wide = utf16.path("mentions").get(m);
            found.add(mention.path("label").asText() + "\t" + mention.path("start").asInt() + "\t"
                    + mention.path("end").asInt() + "\t" + mention.path("text").asText());
            assertEquals(mention.path("text").asText(), text.substring(wide.path("start").asInt(),
                    wide.path("end").asInt()));
            assertTrue(mention.path("confidence").asDouble() > 0 && mention.path("confidence").asDouble() <= 1);
            shifted += wide.path("start").asInt() != mention.path("start").asInt() ? 1 : 0;
        }
        assertEquals(rows, found);
        assertTrue(shifted > 0, "some mention lies after a non-BMP character");
    }

    @Test
    void aTextPlainBodyIsOneDocument() throws Exception {
        String text = documents().get("crlf");
        JsonNode plain = JSON.readTree(raw.post("/v1/annotate?id=note", "text/plain; charset=utf-8",
                text.getBytes(StandardCharsets.UTF_8)).body());
        JsonNode json = JSON.readTree(raw.postJson("/v1/annotate", JSON.createObjectNode().put("id", "note")
                .put("text", text).toString()).body());
        assertEquals("note", plain.path("id").asText());
        assertEquals(json, plain);
        assertTrue(plain.path("mentions").size() > 0);
    }

    @Test
    void theModelRouteSaysWhatIsLoaded() throws Exception {
        JsonNode model = JSON.readTree(raw.get("/v1/model").body());
        assertEquals("raw", model.path("mode").asText());
        JsonNode first = model.path("models").get(0);
        assertEquals(ServeFixture.MODEL, first.path("model").asText());
        assertEquals("fp32", first.path("precision").asText());
        assertEquals("cpu", first.path("device").asText());
        assertEquals("[\"B-PROCEDURE\",\"I-PROCEDURE\",\"O\"]", first.path("heads").get(0).path("labels").toString());
        assertEquals("{\"status\":\"ready\"}", raw.get("/health").body());
    }

    @Test
    void theOpenApiDocumentListsExactlyTheRoutes() throws Exception {
        JsonNode document = JSON.readTree(raw.get("/openapi.json").body());
        List<String> paths = new ArrayList<>();
        document.path("paths").fieldNames().forEachRemaining(paths::add);
        assertEquals(ClinnerServer.ROUTES, paths);
        assertEquals("3.1.0", document.path("openapi").asText());
    }

    @Test
    void metricsCountRequestsDocumentsAndErrorsInPrometheusFormat() throws Exception {
        raw.postJson("/v1/annotate", "{\"text\": \"Se realizó una biopsia.\"}");
        raw.postJson("/v1/annotate", "{");
        String metrics = raw.get("/metrics").body();
        assertTrue(metrics.contains("clinner_http_requests_seconds_bucket{method=\"POST\",route=\"/v1/annotate\","
                + "status=\"200\""), metrics);
        assertTrue(metrics.contains("clinner_errors_total{code=\"invalid_json\"}"), metrics);
        assertTrue(metrics.contains("clinner_documents_total{outcome=\"ok\"}"), metrics);
        assertTrue(metrics.contains("clinner_queue_documents 0.0"), metrics);
        assertTrue(metrics.contains("clinner_model_ready 1.0"), metrics);
        assertTrue(metrics.matches("(?s).*clinner_tokens_total [1-9][0-9.E]*\n.*"), metrics);
    }
}
