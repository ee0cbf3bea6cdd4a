package org.clinner.spark;

import org.clinner.model.ModelKey;
import org.clinner.model.snapshot.ModelLoadException;
import org.clinner.uima.ClinnerPipeline;
import org.clinner.uima.SharedModels;

import java.util.HashMap;
import java.util.List;
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
     * The models held for this JVM.
     *
     * @param keys the models as resolved on this executor, for the pipeline's annotators
     * @param loadedNow how many of them this call loaded (0 when earlier tasks of this JVM had)
     */
    record Held(List<ModelKey> keys, int loadedNow) {}

    /**
     * Resolves the models of a pipeline on this executor, and loads each once per JVM and keeps it.
     *
     * @param pipeline the pipeline, whose settings name the models and say whether they may be downloaded
     * @return the models, and how many this call loaded
     * @throws ModelLoadException when a model cannot be found or loaded
     */
    static synchronized Held hold(ClinnerPipeline pipeline) throws ModelLoadException {
        List<ModelKey> keys = pipeline.resolveModels(SharedModels.DOWNLOAD_LOG);
        int loadedNow = 0;
        for (ModelKey key : keys) {
            if (!HELD.containsKey(key)) {
                HELD.put(key, SharedModels.acquire(key));
                loadedNow++;
            }
        }
        return new Held(keys, loadedNow);
    }

    /** Releases every model held (when the session that used them ends, and between tests). */
    static synchronized void releaseAll() {
        HELD.values().forEach(SharedModels.Lease::close);
        HELD.clear();
    }
}
