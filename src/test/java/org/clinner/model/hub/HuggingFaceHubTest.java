package org.clinner.model.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clinner.model.NerModel;
import org.clinner.model.TestSnapshots;
import org.clinner.model.snapshot.ModelLoadException;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Hub resolution against a local server on 127.0.0.1 that imitates the hub's
 * {@code resolve/main/<file>} endpoints (commit and ETag headers, LFS files redirected elsewhere
 * with {@code X-Linked-Etag}), and the cache layout Python's huggingface_hub uses.
 */
class HuggingFaceHubTest {

    private static final String REPO = "BSC-NLP4BIA/DT4H_XLM-R_stl_multilingual_procedure";
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path temp;

    private HttpServer server;
    private final List<String> requests = new ArrayList<>();
    private final Map<String, Path> files = new HashMap<>();

    @BeforeEach
    void startHub() throws IOException {
        Path model = TestSnapshots.PARITY.resolve("model-f32");
        for (String file : List.of("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json")) {
            files.put(file, model.resolve(file));
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stopHub() {
        server.stop(0);
    }

    private String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.add(path);
        String prefix = "/" + REPO + "/resolve/main/";
        if (path.startsWith("/lfs/")) {
            send(exchange, 200, Files.readAllBytes(files.get(path.substring(5))));
        } else if (path.startsWith(prefix) && files.containsKey(path.substring(prefix.length()))) {
            String file = path.substring(prefix.length());
            exchange.getResponseHeaders().add("X-Repo-Commit", COMMIT);
            if (file.endsWith(".safetensors")) {
                exchange.getResponseHeaders().add("X-Linked-Etag", "\"sha256-of-" + file + "\"");
                exchange.getResponseHeaders().add("Location", "/lfs/" + file);
                send(exchange, 302, new byte[0]);
            } else {
                exchange.getResponseHeaders().add("ETag", "W/\"etag-of-" + file + "\"");
                send(exchange, 200, Files.readAllBytes(files.get(file)));
            }
        } else {
            send(exchange, 404, "Entry not found".getBytes());
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static final HuggingFaceHub.DownloadListener QUIET = new HuggingFaceHub.DownloadListener() {
        @Override
        public void started(String file, long bytes) {
        }

        @Override
        public void progress(long bytes) {
        }

        @Override
        public void finished() {
        }
    };

    @Test
    void downloadsIntoTheHubCacheLayoutAndThenUsesTheCache() throws Exception {
        Path cache = temp.resolve("hub");
        ModelLocator online = new ModelLocator(new HuggingFaceHub(cache, endpoint()), false);
        Path snapshot = online.resolve(REPO, QUIET);
        Path repo = cache.resolve("models--BSC-NLP4BIA--DT4H_XLM-R_stl_multilingual_procedure");
        assertEquals(repo.resolve("snapshots").resolve(COMMIT), snapshot);
        assertEquals(COMMIT, Files.readString(repo.resolve("refs/main")));
        assertTrue(Files.isSymbolicLink(snapshot.resolve("model.safetensors")));
        assertEquals(repo.resolve("blobs/sha256-of-model.safetensors"),
                snapshot.resolve("model.safetensors").toRealPath().toAbsolutePath());
        assertArrayEquals(Files.readAllBytes(files.get("model.safetensors")),
                Files.readAllBytes(snapshot.resolve("model.safetensors")));
        assertTrue(Files.exists(repo.resolve("blobs/etag-of-tokenizer.json")));
        assertTrue(requests.contains("/lfs/model.safetensors"), requests.toString());
        try (NerModel model = NerModel.load(snapshot)) {
            assertEquals(3, model.heads().get(0).scheme().size());
        }

        int before = requests.size();
        server.stop(0);
        ModelLocator offline = new ModelLocator(new HuggingFaceHub(cache, endpoint()), true);
        assertEquals(snapshot, offline.resolve(REPO, QUIET));
        assertEquals(before, requests.size(), "a cached snapshot needs no request");
    }

    @Test
    void offlineWithoutACachedSnapshotSaysWhatIsMissing() {
        ModelLocator offline = new ModelLocator(new HuggingFaceHub(temp.resolve("empty-hub"), endpoint()), true);
        ModelLoadException error = assertThrows(ModelLoadException.class, () -> offline.resolve(REPO, QUIET));
        assertTrue(error.getMessage().contains("is not in the Hugging Face cache") && error.getMessage().contains(REPO),
                error.getMessage());
        assertTrue(requests.isEmpty());
    }

    @Test
    void anUnknownRepositoryFailsWithTheHttpStatus() {
        ModelLocator online = new ModelLocator(new HuggingFaceHub(temp.resolve("hub"), endpoint()), false);
        ModelLoadException error = assertThrows(ModelLoadException.class, () -> online.resolve("nobody/nothing",
                QUIET));
        assertTrue(error.getMessage().contains("HTTP 404"), error.getMessage());
    }

    @Test
    void aLocationThatIsNeitherADirectoryNorAnIdIsRejected() {
        ModelLocator locator = new ModelLocator(new HuggingFaceHub(temp.resolve("hub"), endpoint()), true);
        ModelLoadException error = assertThrows(ModelLoadException.class, () -> locator.resolve("no/such/dir", QUIET));
        assertTrue(error.getMessage().contains("not a directory"), error.getMessage());
    }

    @Test
    void theCacheFollowsTheHuggingFaceEnvironmentVariables() {
        assertEquals(Path.of("/x/hub/models--a--b"),
                HuggingFaceHub.fromEnvironment(Map.of("HF_HUB_CACHE", "/x/hub", "HF_HOME", "/y")).repoFolder("a/b"));
        assertEquals(Path.of("/y/hub/models--a--b"),
                HuggingFaceHub.fromEnvironment(Map.of("HF_HOME", "/y")).repoFolder("a/b"));
        assertEquals(Path.of(System.getProperty("user.home"), ".cache/huggingface/hub/models--a--b"),
                HuggingFaceHub.fromEnvironment(Map.of()).repoFolder("a/b"));
    }
}
