package org.clinner.model.hub;

import org.clinner.io.AtomicFiles;
import org.clinner.model.snapshot.SnapshotFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The Hugging Face hub cache as Python's {@code huggingface_hub} lays it out
 * ({@code models--ORG--NAME/refs/main}, {@code snapshots/<commit>/<file>} linking to
 * {@code blobs/<etag>}), so a model downloaded by Python is reused and one downloaded here is
 * seen by Python. Downloads go to {@code $HF_ENDPOINT/ORG/NAME/resolve/<revision>/<file>}.
 */
public final class HuggingFaceHub {

    private static final String DEFAULT_ENDPOINT = "https://huggingface.co";
    private static final String REVISION = "main";

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
     * Finds a complete cached snapshot of a repository's main revision.
     *
     * @param repoId {@code ORG/NAME}
     * @return the snapshot directory, when {@code refs/main} names one holding every required file
     * @throws IOException when the cache cannot be read
     */
    public Optional<Path> cachedSnapshot(String repoId) throws IOException {
        Path ref = repoFolder(repoId).resolve("refs").resolve(REVISION);
        if (!Files.isRegularFile(ref)) {
            return Optional.empty();
        }
        String commit = Files.readString(ref, StandardCharsets.UTF_8).trim();
        Path snapshot = repoFolder(repoId).resolve("snapshots").resolve(commit);
        for (String file : SnapshotFiles.REQUIRED) {
            if (!Files.isRegularFile(snapshot.resolve(file))) {
                return Optional.empty();
            }
        }
        return Optional.of(snapshot);
    }

    /**
     * Downloads a repository's snapshot files into the cache.
     *
     * @param repoId {@code ORG/NAME}
     * @param listener told about each file's progress
     * @return the snapshot directory
     * @throws IOException when a required file cannot be downloaded
     */
    public Path download(String repoId, DownloadListener listener) throws IOException {
        Path repo = repoFolder(repoId);
        String commit = null;
        for (String file : SnapshotFiles.REQUIRED) {
            commit = fetch(repoId, file, repo, commit, true, listener);
        }
        for (String file : SnapshotFiles.OPTIONAL) {
            fetch(repoId, file, repo, commit, false, listener);
        }
        String finalCommit = commit;
        AtomicFiles.write(repo.resolve("refs").resolve(REVISION),
                temp -> Files.writeString(temp, finalCommit, StandardCharsets.UTF_8));
        return repo.resolve("snapshots").resolve(finalCommit);
    }

    /** Fetches one file into blobs/ and links it from the snapshot; returns the commit. */
    private String fetch(String repoId, String file, Path repo, String knownCommit, boolean required,
            DownloadListener listener) throws IOException {
        URI uri = URI.create(endpoint + "/" + repoId + "/resolve/" + REVISION + "/" + file);
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
            throw new IOException(uri + ": HTTP " + response.statusCode()
                    + (response.statusCode() == 401 ? " (gated or private model: set HF_TOKEN)" : ""));
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
