package org.clinner.serve;

import org.clinner.model.TestSnapshots;
import org.clinner.model.nn.ComputeDevice;
import org.clinner.model.nn.Precision;
import org.clinner.model.tagging.TaggingOptions;
import org.clinner.uima.Mode;
import org.clinner.uima.ModelSpec;
import org.clinner.uima.NerSettings;
import org.clinner.uima.PipelineSettings;
import org.clinner.uima.SharedModels;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** A service on 127.0.0.1 and an ephemeral port, with the parity fixture's model, and a real HTTP client. */
final class ServeFixture implements AutoCloseable {

    /** The parity fixture's model. */
    static final String MODEL = TestSnapshots.PARITY.resolve("model-f32").toString();

    private final ClinnerServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String token;

    private ServeFixture(ClinnerServer server, String token) {
        this.server = server;
        this.token = token;
    }

    /** What a fixture is set up with. */
    record Options(Mode mode, int queue, int workers, Duration deadline, String token, List<String> cors,
            long maxBodyBytes, int maxTextChars) {
        static Options defaults(Mode mode) {
            return new Options(mode, 256, 4, Duration.ofSeconds(60), null, List.of(), 1 << 20, 100_000);
        }

        Options with(int otherQueue, int otherWorkers, Duration otherDeadline) {
            return new Options(mode, otherQueue, otherWorkers, otherDeadline, token, cors, maxBodyBytes,
                    maxTextChars);
        }

        Options withAccess(String otherToken, List<String> otherCors) {
            return new Options(mode, queue, workers, deadline, otherToken, otherCors, maxBodyBytes, maxTextChars);
        }
    }

    static ServeFixture start(Options options) throws Exception {
        PipelineSettings pipeline = new PipelineSettings(List.of(ModelSpec.of(MODEL)), new NerSettings(options.mode(),
                new TaggingOptions(0, 128, 4096), 0, Precision.FP32, ComputeDevice.CPU), "es", 1, true);
        ClinnerServer server = ClinnerServer.start(new ServeSettings(pipeline, "127.0.0.1", 0, options.token(),
                options.cors(), options.maxBodyBytes(), options.maxTextChars(), options.queue(), options.workers(),
                2000, options.deadline()));
        server.loadModels(SharedModels.DOWNLOAD_LOG);
        return new ServeFixture(server, options.token());
    }

    ClinnerServer server() {
        return server;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build());
    }

    HttpResponse<String> post(String path, String contentType, byte[] body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder builder = request(path).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return send(builder.build());
    }

    HttpResponse<String> postJson(String path, String json) throws IOException, InterruptedException {
        return post(path, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofMinutes(2));
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    @Override
    public void close() {
        server.close();
    }
}
