package org.clinner.model.hub;

import org.clinner.model.snapshot.ModelLoadException;
import org.clinner.model.snapshot.SnapshotFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Turns a model location into local files: {@code builtin} (or nothing) is the demo model in the
 * jar; an existing directory (a snapshot) or {@code .pt} file (a multi-task state dict) is used as
 * it is; a Hugging Face id is looked up in the hub cache at a revision and, unless offline,
 * downloaded into it: {@code ORG/NAME} is a snapshot repository, or one holding a single
 * {@code .pt} state dict; {@code ORG/NAME/FILE.pt} names the state dict of a repository. A base
 * model (the architecture and tokenizer a state dict runs on) contributes its {@code config.json}
 * and tokenizer only.
 */
public final class ModelLocator {

    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]*";
    private static final Pattern REPO_ID = Pattern.compile(NAME + "/" + NAME);
    private static final Pattern REPO_FILE = Pattern.compile("(" + NAME + "/" + NAME + ")/(.+\\.pt)");
    private static final Set<String> TRUE = Set.of("1", "true", "yes", "on");
    private static final String STATE_DICT = ".pt";
    /** The files of a base model that a state dict needs. */
    static final List<String> BASE_FILES = List.of(SnapshotFiles.CONFIG, SnapshotFiles.TOKENIZER);
    /** The files of a base model taken when present. */
    static final List<String> BASE_OPTIONAL = List.of(SnapshotFiles.TOKENIZER_CONFIG,
            SnapshotFiles.SPECIAL_TOKENS_MAP);

    private final HuggingFaceHub hub;
    private final boolean offline;

    /** What to fetch of a repository and how to say it when it is missing. */
    private interface Fetch {
        Path from(String repoId, String revision) throws IOException, ModelLoadException;
    }

    /**
     * Creates a locator.
     *
     * @param hub the hub cache and endpoint
     * @param offline never download
     */
    public ModelLocator(HuggingFaceHub hub, boolean offline) {
        this.hub = hub;
        this.offline = offline;
    }

    /**
     * Creates a locator from the environment as {@code huggingface_hub} reads it
     * ({@code HF_HUB_CACHE}, {@code HF_HOME}, {@code HF_ENDPOINT}, {@code HF_HUB_OFFLINE}).
     *
     * @param forceOffline never download, whatever the environment says
     * @return the locator
     */
    public static ModelLocator fromEnvironment(boolean forceOffline) {
        Map<String, String> environment = System.getenv();
        String offline = environment.getOrDefault("HF_HUB_OFFLINE", "");
        return new ModelLocator(HuggingFaceHub.fromEnvironment(environment),
                forceOffline || TRUE.contains(offline.trim().toLowerCase(Locale.ROOT)));
    }

    /**
     * Resolves a model location at the default revision ({@code main}).
     *
     * @param location {@code builtin}, a directory, a {@code .pt} file, {@code ORG/NAME} or
     *     {@code ORG/NAME/FILE.pt}; null or blank means builtin
     * @param listener told about downloads
     * @return the snapshot directory, or the {@code .pt} file
     * @throws ModelLoadException when the location names nothing usable, or the model is missing
     *     from the cache while offline, or the download fails
     */
    public Path resolve(String location, HuggingFaceHub.DownloadListener listener) throws ModelLoadException {
        return resolve(location, null, listener);
    }

    /**
     * Resolves a model location.
     *
     * @param location {@code builtin}, a directory, a {@code .pt} file, {@code ORG/NAME} or
     *     {@code ORG/NAME/FILE.pt}; null or blank means builtin
     * @param revision the hub revision (branch, tag or commit hash); null or blank means {@code main}
     * @param listener told about downloads
     * @return the snapshot directory, or the {@code .pt} file
     * @throws ModelLoadException when the location names nothing usable, or the model is missing
     *     from the cache while offline, or the download fails
     */
    public Path resolve(String location, String revision, HuggingFaceHub.DownloadListener listener)
            throws ModelLoadException {
        if (location == null || location.isBlank() || location.equals(BuiltinModel.NAME)) {
            return BuiltinModel.directory();
        }
        Path path = Paths.get(location);
        if (Files.isDirectory(path) || Files.isRegularFile(path) && location.endsWith(STATE_DICT)) {
            return path;
        }
        Matcher file = REPO_FILE.matcher(location);
        if (file.matches()) {
            return fromHub(file.group(1), revision, (repo, rev) -> repoFile(repo, rev, file.group(2), listener));
        }
        if (!REPO_ID.matcher(location).matches()) {
            throw new ModelLoadException(path, "not a directory, nor a .pt file, nor a Hugging Face model id"
                    + " (ORG/NAME or ORG/NAME/FILE.pt)");
        }
        return fromHub(location, revision, (repo, rev) -> repository(repo, rev, listener));
    }

    /**
     * Resolves the base model of a state dict: a directory, or a hub id of which only
     * {@code config.json} and the tokenizer files are fetched.
     *
     * @param location a directory or {@code ORG/NAME}
     * @param revision the hub revision; null or blank means {@code main}
     * @param listener told about downloads
     * @return the directory holding {@code config.json} and {@code tokenizer.json}
     * @throws ModelLoadException when the location names nothing usable, or is missing offline
     */
    public Path resolveBase(String location, String revision, HuggingFaceHub.DownloadListener listener)
            throws ModelLoadException {
        Path path = Paths.get(location);
        if (Files.isDirectory(path)) {
            return path;
        }
        if (!REPO_ID.matcher(location).matches()) {
            throw new ModelLoadException(path, "not a directory, nor a Hugging Face model id (ORG/NAME), for the"
                    + " base model");
        }
        return fromHub(location, revision, (repo, rev) -> {
            Optional<Path> cached = hub.cachedSnapshot(repo, rev, BASE_FILES);
            if (cached.isPresent()) {
                return cached.get();
            }
            checkOnline(repo, rev, String.join(", ", BASE_FILES) + " of the base model");
            return hub.download(repo, rev, BASE_FILES, BASE_OPTIONAL, listener);
        });
    }

    private Path fromHub(String repoId, String revision, Fetch fetch) throws ModelLoadException {
        String rev = revision == null || revision.isBlank() ? HuggingFaceHub.DEFAULT_REVISION : revision;
        try {
            return fetch.from(repoId, rev);
        } catch (IOException e) {
            throw new ModelLoadException(hub.repoFolder(repoId), "download of " + repoId + " (revision " + rev
                    + ") failed: " + e.getMessage(), e);
        }
    }

    /** A snapshot repository, or one holding one state dict. */
    private Path repository(String repoId, String revision, HuggingFaceHub.DownloadListener listener)
            throws IOException, ModelLoadException {
        Optional<Path> snapshot = hub.cachedSnapshot(repoId, revision, SnapshotFiles.REQUIRED);
        if (snapshot.isPresent()) {
            return snapshot.get();
        }
        Optional<Path> stateDict = cachedStateDict(repoId, revision);
        if (stateDict.isPresent()) {
            return stateDict.get();
        }
        checkOnline(repoId, revision, "a snapshot (" + String.join(", ", SnapshotFiles.REQUIRED)
                + ") or a .pt state dict");
        List<String> files = hub.listFiles(repoId, revision);
        if (files.containsAll(SnapshotFiles.REQUIRED)) {
            List<String> optional = SnapshotFiles.OPTIONAL.stream().filter(files::contains).toList();
            return hub.download(repoId, revision, SnapshotFiles.REQUIRED, optional, listener);
        }
        List<String> stateDicts = files.stream().filter(name -> name.endsWith(STATE_DICT)).toList();
        if (stateDicts.size() != 1) {
            throw new ModelLoadException(hub.repoFolder(repoId), repoId + " (revision " + revision + ") holds "
                    + (stateDicts.isEmpty() ? "neither a snapshot (" + String.join(", ", SnapshotFiles.REQUIRED)
                    + ") nor a .pt state dict; its files: " + files
                    : "several .pt files " + stateDicts + ": name one as " + repoId + "/FILE.pt"));
        }
        return hub.download(repoId, revision, stateDicts, List.of(), listener).resolve(stateDicts.get(0));
    }

    private Optional<Path> cachedStateDict(String repoId, String revision) throws IOException {
        Optional<Path> snapshot = hub.cachedSnapshot(repoId, revision);
        if (snapshot.isEmpty()) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(snapshot.get())) {
            List<Path> stateDicts = files.filter(file -> file.toString().endsWith(STATE_DICT)).toList();
            return stateDicts.size() == 1 ? Optional.of(stateDicts.get(0)) : Optional.empty();
        }
    }

    private Path repoFile(String repoId, String revision, String file, HuggingFaceHub.DownloadListener listener)
            throws IOException, ModelLoadException {
        Optional<Path> cached = hub.cachedSnapshot(repoId, revision, List.of(file));
        if (cached.isPresent()) {
            return cached.get().resolve(file);
        }
        checkOnline(repoId, revision, file);
        return hub.download(repoId, revision, List.of(file), List.of(), listener).resolve(file);
    }

    private void checkOnline(String repoId, String revision, String needed) throws ModelLoadException {
        if (offline) {
            throw new ModelLoadException(hub.repoFolder(repoId), "model " + repoId + " (revision " + revision
                    + ") is not in the Hugging Face cache (needed: " + needed + ") and downloads are off (offline"
                    + " mode, HF_HUB_OFFLINE): download it first (e.g. huggingface-cli download " + repoId
                    + " --revision " + revision + ") or go online");
        }
    }
}
