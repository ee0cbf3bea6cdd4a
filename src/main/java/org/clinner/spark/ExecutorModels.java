package org.clinner.spark;

import org.clinner.model.ModelKey;
import org.clinner.model.snapshot.ModelLoadException;
import org.clinner.uima.ClinnerPipeline;
import org.clinner.uima.SharedModels;

import java.util.HashMap;
import java.util.Map;

/**
 * Keeps each model an executor JVM has loaded for the JVM's whole life: the first task that needs a
 * model loads it, later tasks and the task threads running at the same time share it. The pipelines
 * of the tasks take their own leases from {@link SharedModels}, so a model is loaded once per JVM,
 * not once per task or partition, and never broadcast.
 */
final class ExecutorModels {

    private static final Map<ModelKey, SharedModels.Lease> HELD = new HashMap<>();

    private ExecutorModels() {}

    /**
     * A model held for this JVM.
     *
     * @param key the model as resolved on this executor, for the pipeline's annotator
     * @param loadedNow whether this call loaded it (false when an earlier task of this JVM had)
     */
    record Held(ModelKey key, boolean loadedNow) {}

    /**
     * Resolves the model of a pipeline on this executor, and loads it once per JVM and keeps it.
     *
     * @param pipeline the pipeline, whose settings name the model and say whether it may be downloaded
     * @return the model, and whether this call loaded it
     * @throws ModelLoadException when the model cannot be found or loaded
     */
    static synchronized Held hold(ClinnerPipeline pipeline) throws ModelLoadException {
        ModelKey key = pipeline.resolveModel(SharedModels.DOWNLOAD_LOG);
        boolean loadedNow = !HELD.containsKey(key);
        if (loadedNow) {
            HELD.put(key, SharedModels.acquire(key));
        }
        return new Held(key, loadedNow);
    }

    /** Releases every model held (when the session that used them ends, and between tests). */
    static synchronized void releaseAll() {
        HELD.values().forEach(SharedModels.Lease::close);
        HELD.clear();
    }
}
