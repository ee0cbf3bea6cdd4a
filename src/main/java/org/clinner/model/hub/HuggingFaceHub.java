package org.clinner.model.hub;

import org.clinner.io.AtomicFiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Hugging Face hub cache as Python's {@code huggingface_hub} lays it out
 * ({@code models--ORG--NAME/refs/<branch or tag>} holding a commit, {@code snapshots/<commit>/<file>}
 * linking to {@code blobs/<etag>}), so a model downloaded by Python is reused and one downloaded
 * here is seen by Python. A revision is a branch, a tag or a commit hash ({@code main} by default);
 * a commit hash is looked up in {@code snapshots/} directly. Downloads go to
 * {@code $HF_ENDPOINT/ORG/NAME/resolve/<revision>/<file>} (the first file's commit pins the others)
 * and a repository's file list comes from {@code $HF_ENDPOINT/api/models/ORG/NAME/revision/<revision>}.
 */
public final class HuggingFaceHub {

    private static final String DEFAULT_ENDPOINT = "https://huggingface.co";
    /** The revision of a location that names none. */
    public static final String DEFAULT_REVISION = "main";
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path cache;
    private final String endpoint;
    private final HttpClient http;

    /** Told about the bytes of each file as they arrive. */
    public interface DownloadListener {
        /**
         * A file starts downloading.
         *
         * @param file the file name
         * @param bytes its size, or -1 when the server does not say
         */
        void started(String file, long bytes);

        /**
         * More bytes of the current file arrived.
         *
         * @param bytes bytes received so far
         */
        void progress(long bytes);

        /** The current file is complete. */
        void finished();
    }

    /**
     * Creates a hub client.
     *
     * @param cache the hub cache directory (the one holding {@code models--*} folders)
     * @param endpoint the hub's base URL
     */
    public HuggingFaceHub(Path cache, String endpoint) {
        this.cache = cache;
        this.endpoint = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
    }

    /**
     * Creates a hub client configured as {@code huggingface_hub} is: cache from
     * {@code $HF_HUB_CACHE}, else {@code $HF_HOME/hub}, else {@code ~/.cache/huggingface/hub};
     * endpoint from {@code $HF_ENDPOINT}, else the public hub.
     *
     * @param environment the environment variables
     * @return the client
     */
    public static HuggingFaceHub fromEnvironment(Map<String, String> environment) {
        Path cache;
        if (environment.get("HF_HUB_CACHE") != null) {
            cache = Paths.get(environment.get("HF_HUB_CACHE"));
        } else if (environment.get("HF_HOME") != null) {
            cache = Paths.get(environment.get("HF_HOME"), "hub");
        } else {
            cache = Paths.get(System.getProperty("user.home"), ".cache", "huggingface", "hub");
        }
        return new HuggingFaceHub(cache, environment.getOrDefault("HF_ENDPOINT", DEFAULT_ENDPOINT));
    }

    /**
     * Returns the cache folder of a repository.
     *
     * @param repoId {@code ORG/NAME}
     * @return {@code <cache>/models--ORG--NAME}
     */
    public Path repoFolder(String repoId) {
        return cache.resolve("models--" + repoId.replace("/", "--"));
    }

    /**
     * Finds the cached snapshot folder of a revision, complete or not.
     *
     * @param repoId {@code ORG/NAME}
     * @param revision a branch, tag or commit hash
     * @return {@code snapshots/<commit>}, when the revision is a commit hash or a ref names one
     * @throws IOException when the cache cannot be read
     */
    public Optional<Path> cachedSnapshot(String repoId, String revision) throws IOException {
        String commit = revision;
        if (!COMMIT.matcher(revision).matches()) {
            Path ref = repoFolder(repoId).resolve("refs").resolve(revision);
            if (!Files.isRegularFile(ref)) {
                return Optional.empty();
            }
            commit = Files.readString(ref, StandardCharsets.UTF_8).trim();
        }
        Path snapshot = repoFolder(repoId).resolve("snapshots").resolve(commit);
        return Files.isDirectory(snapshot) ? Optional.of(snapshot) : Optional.empty();
    }

    /**
     * Finds a cached snapshot of a revision that holds every given file.
     *
     * @param repoId {@code ORG/NAME}
     * @param revision a branch, tag or commit hash
     * @param files the files it must hold (paths in the repository)
     * @return the snapshot directory
     * @throws IOException when the cache cannot be read
     */
    public Optional<Path> cachedSnapshot(String repoId, String revision, List<String> files) throws IOException {
        Optional<Path> snapshot = cachedSnapshot(repoId, revision);
        if (snapshot.isEmpty() || !files.stream().allMatch(file -> Files.isRegularFile(snapshot.get().resolve(file)))) {
            return Optional.empty();
        }
        return snapshot;
    }

    /**
     * Lists the files of a repository at a revision, as the hub's model API gives them.
     *
     * @param repoId {@code ORG/NAME}
     * @param revision a branch, tag or commit hash
     * @return the file paths in the repository
     * @throws IOException when the hub cannot be asked or answers with an error
     */
    public List<String> listFiles(String repoId, String revision) throws IOException {
        URI uri = URI.create(endpoint + "/api/models/" + repoId + "/revision/" + encode(revision));
        HttpResponse<InputStream> response = send(uri);
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException(uri + ": HTTP " + response.statusCode() + hint(response.statusCode()));
            }
            List<String> files = new ArrayList<>();
            for (JsonNode sibling : JSON.readTree(in).path("siblings")) {
                files.add(sibling.path("rfilename").asText());
            }
            return files;
        }
    }

    /**
     * Downloads files of a repository's revision into the cache.
     *
     * @param repoId {@code ORG/NAME}
     * @param revision a branch, tag or commit hash
     * @param required files that must exist
     * @param optional files taken when they exist
     * @param listener told about each file's progress
     * @return the snapshot directory of the revision's commit
     * @throws IOException when a required file cannot be downloaded
     */
    public Path download(String repoId, String revision, List<String> required, List<String> optional,
            DownloadListener listener) throws IOException {
        Path repo = repoFolder(repoId);
        String commit = null;
        for (String file : required) {
            commit = fetch(repoId, revision, file, repo, commit, true, listener);
        }
        for (String file : optional) {
            fetch(repoId, revision, file, repo, commit, false, listener);
        }
        String finalCommit = commit;
        if (!COMMIT.matcher(revision).matches()) {
            AtomicFiles.write(repo.resolve("refs").resolve(revision),
                    temp -> Files.writeString(temp, finalCommit, StandardCharsets.UTF_8));
        }
        return repo.resolve("snapshots").resolve(finalCommit);
    }

    /** Fetches one file into blobs/ and links it from the snapshot; returns the commit. */
    private String fetch(String repoId, String revision, String file, Path repo, String knownCommit,
            boolean required, DownloadListener listener) throws IOException {
        String pinned = knownCommit == null ? revision : knownCommit;
        URI uri = URI.create(endpoint + "/" + repoId + "/resolve/" + encode(pinned) + "/" + file);
        HttpResponse<InputStream> response = send(uri);
        HttpResponse<InputStream> first = response;
        String commit = first.headers().firstValue("X-Repo-Commit").orElse(knownCommit);
        String etag = first.headers().firstValue("X-Linked-Etag")
                .or(() -> first.headers().firstValue("ETag")).orElse(null);
        for (int redirects = 0; isRedirect(response.statusCode()) && redirects < 5; redirects++) {
            response.body().close();
            URI next = uri.resolve(response.headers().firstValue("Location")
                    .orElseThrow(() -> new IOException(uri + ": redirect without a Location")));
            response = send(next);
        }
        if (response.statusCode() == 404 && !required) {
            response.body().close();
            return commit;
        }
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException(uri + ": HTTP " + response.statusCode() + hint(response.statusCode()));
        }
        if (commit == null || etag == null) {
            response.body().close();
            throw new IOException(uri + ": the server sent no X-Repo-Commit or ETag header (not a Hugging Face hub?)");
        }
        Path blob = repo.resolve("blobs").resolve(normalizeEtag(etag));
        long size = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        listener.started(file, size);
        try (InputStream in = response.body()) {
            AtomicFiles.write(blob, temp -> copy(in, temp, size, listener, uri));
        }
        listener.finished();
        Path link = repo.resolve("snapshots").resolve(commit).resolve(file);
        Files.createDirectories(link.getParent());
        Files.deleteIfExists(link);
        try {
            Files.createSymbolicLink(link, link.getParent().relativize(blob));
        } catch (UnsupportedOperationException | IOException e) {
            Files.copy(blob, link);
        }
        return commit;
    }

    private HttpResponse<InputStream> send(URI uri) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().header("User-Agent", "clinner-uima");
        String token = System.getenv("HF_TOKEN");
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(uri + ": interrupted", e);
        }
    }

    private static String hint(int status) {
        return status == 401 ? " (gated or private model: set HF_TOKEN)" : "";
    }

    /** A revision as one URL path segment, as huggingface_hub quotes it ({@code refs/pr/1}: {@code refs%2Fpr%2F1}). */
    private static String encode(String revision) {
        return URLEncoder.encode(revision, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static String normalizeEtag(String etag) {
        String value = etag.startsWith("W/") ? etag.substring(2) : etag;
        return value.replace("\"", "");
    }

    private static void copy(InputStream in, Path target, long size, DownloadListener listener, URI uri)
            throws IOException {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(target)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
                total += n;
                listener.progress(total);
            }
        }
        if (size >= 0 && total != size) {
            throw new IOException(uri + ": received " + total + " of " + size + " bytes");
        }
    }
}
