package org.clinner.uima;

import org.clinner.model.NerModel;
import org.clinner.model.hub.HuggingFaceHub;
import org.clinner.model.hub.ModelLocator;
import org.clinner.model.snapshot.ModelLoadException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One loaded model per JVM and model directory, shared by every annotator instance and thread
 * that asks for it: the first {@link #acquire} loads it, later ones reuse it, and it is closed when
 * the last lease is released.
 */
public final class SharedModels {

    private static final Logger LOG = LoggerFactory.getLogger(SharedModels.class);
    private static final Map<String, Entry> MODELS = new HashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();
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
        private final String key;
        private final NerModel model;
        private boolean closed;

        private Lease(String key, NerModel model) {
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
     * Leases a model, loading it if no one holds it.
     *
     * @param location {@code builtin}, a snapshot directory or a Hugging Face id, resolved by
     *     {@link ModelLocator#fromEnvironment}
     * @return a lease; close it when the model is no longer needed
     * @throws ModelLoadException when the model cannot be found or loaded
     */
    public static Lease acquire(String location) throws ModelLoadException {
        return acquire(location, null);
    }

    /**
     * Leases a model run by one of its TorchScript exports, loading it if no one holds it.
     *
     * @param location {@code builtin}, a snapshot directory or a Hugging Face id
     * @param torchScript a {@code .pt} file name in the snapshot, or null for its safetensors weights
     * @return a lease; close it when the model is no longer needed
     * @throws ModelLoadException when the model cannot be found or loaded
     */
    public static Lease acquire(String location, String torchScript) throws ModelLoadException {
        Path directory = ModelLocator.fromEnvironment(false).resolve(location, DOWNLOAD_LOG).toAbsolutePath().normalize();
        String key = directory + (torchScript == null ? "" : "#" + torchScript);
        synchronized (MODELS) {
            Entry entry = MODELS.get(key);
            if (entry == null) {
                entry = new Entry(NerModel.load(directory, torchScript));
                LOADS.incrementAndGet();
                MODELS.put(key, entry);
            }
            entry.users++;
            return new Lease(key, entry.model);
        }
    }

    /**
     * Returns how many times a model was loaded in this JVM (for tests and monitoring).
     *
     * @return the number of loads so far
     */
    public static int loadCount() {
        return LOADS.get();
    }

    /**
     * Returns how many models are loaded now.
     *
     * @return the number of models held by at least one lease
     */
    public static int loadedModels() {
        synchronized (MODELS) {
            return MODELS.size();
        }
    }
}
