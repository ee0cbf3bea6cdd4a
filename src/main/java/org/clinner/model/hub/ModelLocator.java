package org.clinner.model.hub;

import org.clinner.model.snapshot.ModelLoadException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a model location into a snapshot directory: {@code builtin} (or nothing) is the demo model
 * in the jar; an existing directory is used as it is; a Hugging Face id ({@code ORG/NAME}) is
 * looked up in the hub cache and, unless offline, downloaded into it.
 */
public final class ModelLocator {

    private static final Pattern REPO_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Set<String> TRUE = Set.of("1", "true", "yes", "on");

    private final HuggingFaceHub hub;
    private final boolean offline;

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
     * Resolves a location.
     *
     * @param location {@code builtin}, a directory, or {@code ORG/NAME}; null or blank means builtin
     * @param listener told about downloads
     * @return the snapshot directory
     * @throws ModelLoadException when the location names nothing usable, or the model is missing
     *     from the cache while offline, or the download fails
     */
    public Path resolve(String location, HuggingFaceHub.DownloadListener listener) throws ModelLoadException {
        if (location == null || location.isBlank() || location.equals(BuiltinModel.NAME)) {
            return BuiltinModel.directory();
        }
        Path path = Paths.get(location);
        if (Files.isDirectory(path)) {
            return path;
        }
        if (!REPO_ID.matcher(location).matches()) {
            throw new ModelLoadException(path, "not a directory, and not a Hugging Face model id (ORG/NAME)");
        }
        try {
            Optional<Path> cached = hub.cachedSnapshot(location);
            if (cached.isPresent()) {
                return cached.get();
            }
            if (offline) {
                throw new ModelLoadException(hub.repoFolder(location), "model " + location
                        + " is not in the Hugging Face cache and downloads are off (offline mode, HF_HUB_OFFLINE):"
                        + " download it first (e.g. huggingface-cli download " + location + ") or go online");
            }
            return hub.download(location, listener);
        } catch (ModelLoadException e) {
            throw e;
        } catch (IOException e) {
            throw new ModelLoadException(hub.repoFolder(location), "download of " + location + " failed: "
                    + e.getMessage(), e);
        }
    }
}
