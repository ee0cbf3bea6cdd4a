package org.clinner.spark;

import org.clinner.model.hub.ModelLocator;
import org.clinner.model.snapshot.ModelLoadException;
import org.clinner.uima.SharedModels;

import java.util.HashMap;
import java.util.Map;

/**
 * Keeps each model an executor JVM has loaded for the JVM's whole life: the first task that needs a
 * model (by location and TorchScript export) loads it, later tasks and the task threads running at
 * the same time share it. The pipelines of the tasks take their own leases from {@link SharedModels},
 * so a model is loaded once per JVM, not once per task or partition, and never broadcast.
 */
final class ExecutorModels {

    private static final Map<String, SharedModels.Lease> HELD = new HashMap<>();

    private ExecutorModels() {}

    /**
     * A model held for this JVM.
     *
     * @param directory the model's directory on this executor, for the pipeline's annotator
     * @param loadedNow whether this call loaded it (false when an earlier task of this JVM had)
     */
    record Held(String directory, boolean loadedNow) {}

    /**
     * Loads a model once per JVM and keeps it.
     *
     * @param location {@code builtin}, a directory or a Hugging Face id, as on the command line
     * @param torchScript a TorchScript export in the model folder, or null
     * @param offline whether a Hugging Face id may be downloaded on this executor
     * @return the model's directory, and whether this call loaded it
     * @throws ModelLoadException when the model cannot be found or loaded
     */
    static synchronized Held hold(String location, String torchScript, boolean offline) throws ModelLoadException {
        String directory = ModelLocator.fromEnvironment(offline).resolve(location, SharedModels.DOWNLOAD_LOG)
                .toAbsolutePath().normalize().toString();
        String key = directory + (torchScript == null ? "" : "!" + torchScript);
        boolean loadedNow = !HELD.containsKey(key);
        if (loadedNow) {
            HELD.put(key, SharedModels.acquire(directory, torchScript));
        }
        return new Held(directory, loadedNow);
    }

    /** Releases every model held (when the session that used them ends, and between tests). */
    static synchronized void releaseAll() {
        HELD.values().forEach(SharedModels.Lease::close);
        HELD.clear();
    }
}
