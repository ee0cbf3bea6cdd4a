package org.clinner.uima;

import org.clinner.model.ModelKey;
import org.clinner.model.tagging.InvalidSettingException;
import org.clinner.model.NerModel;
import org.clinner.model.hub.HuggingFaceHub;
import org.clinner.model.hub.ModelLocator;
import org.clinner.model.snapshot.ModelLoadException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One loaded model per JVM and {@link ModelKey}, shared by every annotator instance and thread
 * that asks for it: the first {@link #acquire} loads it, later ones reuse it, and it is closed when
 * the last lease is released.
 */
public final class SharedModels {

    private static final Logger LOG = LoggerFactory.getLogger(SharedModels.class);
    private static final Map<ModelKey, Entry> MODELS = new HashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();
    /** The leases taken on this thread while a pipeline is being created, when they are recorded. */
    private static final ThreadLocal<List<Lease>> RECORDED = new ThreadLocal<>();
    /** Logs each file a model download fetches (for processes without a terminal, such as pipelines and executors). */
    public static final HuggingFaceHub.DownloadListener DOWNLOAD_LOG = new HuggingFaceHub.DownloadListener() {
        @Override
        public void started(String file, long bytes) {
            LOG.info("downloading {} ({} bytes)", file, bytes);
        }

        @Override
        public void progress(long bytes) {
            // logged per file only
        }

        @Override
        public void finished() {
            // logged per file only
        }
    };

    private SharedModels() {}

    /** A model with its count of users. */
    private static final class Entry {
        final NerModel model;
        int users;

        Entry(NerModel model) {
            this.model = model;
        }
    }

    /** The right to use a shared model until {@link #close()}. */
    public static final class Lease implements AutoCloseable {
        private final ModelKey key;
        private final NerModel model;
        private boolean closed;

        private Lease(ModelKey key, NerModel model) {
            this.key = key;
            this.model = model;
        }

        /**
         * Returns the shared model.
         *
         * @return the model, valid until this lease is closed
         */
        public NerModel model() {
            return model;
        }

        /**
         * Returns what identifies the model.
         *
         * @return its key
         */
        public ModelKey key() {
            return key;
        }

        /** Releases this use; the last release closes the model. */
        @Override
        public void close() {
            synchronized (MODELS) {
                if (closed) {
                    return;
                }
                closed = true;
                Entry entry = MODELS.get(key);
                if (--entry.users == 0) {
                    MODELS.remove(key);
                    entry.model.close();
                }
            }
        }
    }

    /**
     * Resolves a model as the environment says ({@link ModelLocator#fromEnvironment}: the hub cache,
     * and a download unless {@code HF_HUB_OFFLINE}) and leases it.
     *
     * @param model the model
     * @param settings the precision and device to run it in
     * @return a lease; close it when the model is no longer needed
     * @throws ModelLoadException when the model cannot be found or loaded
     * @throws InvalidSettingException when the settings do not fit the model
     */
    public static Lease acquire(ModelSpec model, NerSettings settings) throws ModelLoadException {
        return acquire(settings.place(model.resolve(ModelLocator.fromEnvironment(false), DOWNLOAD_LOG)));
    }

    /**
     * Leases a model, loading it if no one holds it.
     *
     * @param key the model's files and what to take of them
     * @return a lease; close it when the model is no longer needed
     * @throws ModelLoadException when the model cannot be loaded
     */
    public static Lease acquire(ModelKey key) throws ModelLoadException {
        synchronized (MODELS) {
            Entry entry = MODELS.get(key);
            if (entry == null) {
                entry = new Entry(NerModel.load(key));
                LOADS.incrementAndGet();
                MODELS.put(key, entry);
            }
            entry.users++;
            Lease lease = new Lease(key, entry.model);
            if (RECORDED.get() != null) {
                RECORDED.get().add(lease);
            }
            return lease;
        }
    }

    /**
     * Creates a pipeline, releasing the leases its components took on this thread if the creation
     * fails: UIMA does not destroy the components it initialized before the one that failed, so a
     * JVM that goes on after a pipeline that could not start would otherwise keep their models.
     *
     * @param creation creates the pipeline (its components initialize on this thread)
     * @param <T> the pipeline
     * @return what the creation returned
     * @throws Exception what the creation threw, after the leases are released
     */
    public static <T> T releasedOnFailure(Callable<T> creation) throws Exception {
        List<Lease> outer = RECORDED.get();
        List<Lease> taken = new ArrayList<>();
        RECORDED.set(taken);
        try {
            return creation.call();
        } catch (Exception | Error e) {
            taken.forEach(Lease::close);
            throw e;
        } finally {
            RECORDED.set(outer);
            if (outer != null) {
                outer.addAll(taken);
            }
        }
    }

    /**
     * Returns how many times a model was loaded in this JVM, so that a run can report whether its
     * threads shared one copy.
     *
     * @return the number of loads so far
     */
    public static int loadCount() {
        return LOADS.get();
    }
}
