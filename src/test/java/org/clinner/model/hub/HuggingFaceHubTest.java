package org.clinner.model.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clinner.model.ModelKey;
import org.clinner.model.MultiTaskFixture;
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
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Hub resolution against a local server on 127.0.0.1 that imitates the hub's
 * {@code resolve/main/<file>} endpoints (commit and ETag headers, LFS files redirected elsewhere
 * with {@code X-Linked-Etag}), and the cache layout Python's huggingface_hub uses.
 */
class HuggingFaceHubTest {

    private static final String REPO = "BSC-NLP4BIA/DT4H_XLM-R_stl_multilingual_procedure";
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    /** xlm-roberta-base's stand-in, whose weights a state dict must not make anyone download. */
    private static final String BASE = "FacebookAI/xlm-roberta-base";
    private static final String MTL = "BSC-NLP4BIA/DT4H_XLM-R_mtl_multilingual_multilabel";
    private static final String TWO = "someone/two-checkpoints";
    private static final String TAGGED = "fedcba9876543210fedcba9876543210fedcba98";

    @TempDir
    Path temp;

    private HttpServer server;
    private final List<String> requests = new ArrayList<>();
    /** Per repository and revision (branch, tag or commit): its commit and files. */
    private final Map<String, Map<String, Revision>> repos = new HashMap<>();

    private record Revision(String commit, Map<String, Path> files) {}

    private void publish(String repo, String commit, Map<String, Path> files, String... names) {
        Revision revision = new Revision(commit, files);
        Map<String, Revision> revisions = repos.computeIfAbsent(repo, r -> new HashMap<>());
        revisions.put(commit, revision);
        for (String name : names) {
            revisions.put(name, revision);
        }
    }

    @BeforeEach
    void startHub() throws IOException {
        Path model = TestSnapshots.PARITY.resolve("model-f32");
        Map<String, Path> snapshot = new HashMap<>();
        for (String file : List.of("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json")) {
            snapshot.put(file, model.resolve(file));
        }
        publish(REPO, COMMIT, snapshot, "main");
        Path base = MultiTaskFixture.BASE;
        publish(BASE, COMMIT, Map.of("config.json", base.resolve("config.json"),
                "tokenizer.json", base.resolve("tokenizer.json"), "sentencepiece.bpe.model",
                base.resolve("sentencepiece.bpe.model"), "model.safetensors", model.resolve("model.safetensors")),
                "main");
        publish(MTL, COMMIT, Map.of("multilabel.pt", MultiTaskFixture.DIR.resolve("multilabel.pt"),
                "README.md", base.resolve("config.json")), "main");
        publish(MTL, TAGGED, Map.of("multilabel.pt", MultiTaskFixture.DIR.resolve("multilabel-bf16.pt")), "v1");
        publish(TWO, COMMIT, Map.of("a.pt", MultiTaskFixture.DIR.resolve("multilabel.pt"),
                "heads/b.pt", MultiTaskFixture.DIR.resolve("multilabel-f16.pt")), "main");
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

    /** {@code /api/models/R/revision/V}, {@code /R/resolve/V/FILE} (LFS files redirected) and {@code /lfs/C/R/FILE}. */
    private void handle(HttpExchange exchange) throws IOException {
        String path = URLDecoder.decode(exchange.getRequestURI().getRawPath(), StandardCharsets.UTF_8);
        requests.add(path);
        for (Map.Entry<String, Map<String, Revision>> repo : repos.entrySet()) {
            String api = "/api/models/" + repo.getKey() + "/revision/";
            String resolve = "/" + repo.getKey() + "/resolve/";
            String lfs = "/lfs/";
            if (path.startsWith(api) && repo.getValue().containsKey(path.substring(api.length()))) {
                Revision revision = repo.getValue().get(path.substring(api.length()));
                String siblings = revision.files().keySet().stream().sorted()
                        .map(file -> "{\"rfilename\": \"" + file + "\"}").collect(Collectors.joining(", "));
                send(exchange, 200, ("{\"sha\": \"" + revision.commit() + "\", \"siblings\": [" + siblings
                        + "]}").getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (path.startsWith(resolve)) {
                String rest = path.substring(resolve.length());
                int slash = rest.indexOf('/');
                Revision revision = repo.getValue().get(rest.substring(0, slash));
                String file = rest.substring(slash + 1);
                if (revision != null && revision.files().containsKey(file)) {
                    serve(exchange, repo.getKey(), revision, file);
                    return;
                }
            }
            String stored = lfs + repo.getKey() + "/";
            if (path.startsWith(stored)) {
                String rest = path.substring(stored.length());
                Revision revision = repo.getValue().get(rest.substring(0, rest.indexOf('/')));
                send(exchange, 200, Files.readAllBytes(revision.files().get(rest.substring(rest.indexOf('/') + 1))));
                return;
            }
        }
        send(exchange, 404, "Entry not found".getBytes(StandardCharsets.UTF_8));
    }

    private void serve(HttpExchange exchange, String repo, Revision revision, String file) throws IOException {
        exchange.getResponseHeaders().add("X-Repo-Commit", revision.commit());
        if (file.endsWith(".safetensors") || file.endsWith(".pt")) {
            exchange.getResponseHeaders().add("X-Linked-Etag", "\"sha256-of-" + revision.commit() + "-"
                    + file.replace('/', '-') + "\"");
            exchange.getResponseHeaders().add("Location", "/lfs/" + repo + "/" + revision.commit() + "/" + file);
            send(exchange, 302, new byte[0]);
        } else {
            exchange.getResponseHeaders().add("ETag", "W/\"etag-of-" + file + "\"");
            send(exchange, 200, Files.readAllBytes(revision.files().get(file)));
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
        assertEquals(repo.resolve("blobs/sha256-of-" + COMMIT + "-model.safetensors"),
                snapshot.resolve("model.safetensors").toRealPath().toAbsolutePath());
        assertArrayEquals(Files.readAllBytes(TestSnapshots.PARITY.resolve("model-f32/model.safetensors")),
                Files.readAllBytes(snapshot.resolve("model.safetensors")));
        assertTrue(Files.exists(repo.resolve("blobs/etag-of-tokenizer.json")));
        assertTrue(requests.contains("/lfs/" + REPO + "/" + COMMIT + "/model.safetensors"), requests.toString());
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
    void aStateDictRepositoryGivesItsFileAndTheBaseModelOnlyItsConfigAndTokenizer() throws Exception {
        Path cache = temp.resolve("hub");
        ModelLocator online = new ModelLocator(new HuggingFaceHub(cache, endpoint()), false);
        Path stateDict = online.resolve(MTL, null, QUIET);
        assertEquals(cache.resolve("models--BSC-NLP4BIA--DT4H_XLM-R_mtl_multilingual_multilabel/snapshots")
                .resolve(COMMIT).resolve("multilabel.pt"), stateDict);
        Path base = online.resolveBase(BASE, null, QUIET);
        assertTrue(Files.isRegularFile(base.resolve("config.json")) && Files.isRegularFile(base.resolve(
                "tokenizer.json")));
        assertTrue(!Files.exists(base.resolve("model.safetensors")) && !Files.exists(base.resolve(
                "sentencepiece.bpe.model")));
        assertTrue(requests.stream().noneMatch(r -> r.contains(BASE) && r.endsWith("model.safetensors")),
                requests.toString());
        try (NerModel model = NerModel.load(ModelKey.checkpoint(stateDict, base, List.of(), Map.of()))) {
            assertEquals(3, model.heads().size());
        }
        int before = requests.size();
        ModelLocator offline = new ModelLocator(new HuggingFaceHub(cache, endpoint()), true);
        assertEquals(stateDict, offline.resolve(MTL, null, QUIET));
        assertEquals(base, offline.resolveBase(BASE, "main", QUIET));
        assertEquals(before, requests.size(), "cached files need no request");
    }

    @Test
    void aRevisionPinsTheDownloadAndTheCacheLookup() throws Exception {
        Path cache = temp.resolve("hub");
        ModelLocator online = new ModelLocator(new HuggingFaceHub(cache, endpoint()), false);
        Path tagged = online.resolve(MTL, "v1", QUIET);
        Path repo = cache.resolve("models--BSC-NLP4BIA--DT4H_XLM-R_mtl_multilingual_multilabel");
        assertEquals(repo.resolve("snapshots").resolve(TAGGED).resolve("multilabel.pt"), tagged);
        assertEquals(TAGGED, Files.readString(repo.resolve("refs/v1")));
        assertArrayEquals(Files.readAllBytes(MultiTaskFixture.DIR.resolve("multilabel-bf16.pt")),
                Files.readAllBytes(tagged));
        assertTrue(requests.contains("/api/models/" + MTL + "/revision/v1"), requests.toString());
        assertEquals(repo.resolve("snapshots").resolve(COMMIT).resolve("multilabel.pt"), online.resolve(MTL, null,
                QUIET));

        ModelLocator offline = new ModelLocator(new HuggingFaceHub(cache, endpoint()), true);
        assertEquals(tagged, offline.resolve(MTL, TAGGED, QUIET), "a commit is looked up without a ref");
        ModelLoadException error = assertThrows(ModelLoadException.class, () -> offline.resolve(MTL, "v2", QUIET));
        assertTrue(error.getMessage().contains("(revision v2) is not in the Hugging Face cache"), error.getMessage());
    }

    @Test
    void aRepositoryWithSeveralStateDictsAsksWhichOne() throws Exception {
        ModelLocator online = new ModelLocator(new HuggingFaceHub(temp.resolve("hub"), endpoint()), false);
        ModelLoadException error = assertThrows(ModelLoadException.class, () -> online.resolve(TWO, null, QUIET));
        assertTrue(error.getMessage().contains("several .pt files [a.pt, heads/b.pt]: name one as " + TWO + "/FILE.pt"),
                error.getMessage());
        Path chosen = online.resolve(TWO + "/heads/b.pt", null, QUIET);
        assertTrue(chosen.endsWith(Path.of("snapshots", COMMIT, "heads", "b.pt")), chosen.toString());
        assertArrayEquals(Files.readAllBytes(MultiTaskFixture.DIR.resolve("multilabel-f16.pt")),
                Files.readAllBytes(chosen));
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
