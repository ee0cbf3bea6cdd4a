package org.clinner.uima;

import org.clinner.type.ClinicalEntity;

import org.apache.uima.cas.CAS;
import org.apache.uima.cas.CASException;
import org.apache.uima.cas.Type;
import org.apache.uima.collection.CollectionProcessingEngine;
import org.apache.uima.collection.EntityProcessStatus;
import org.apache.uima.collection.StatusCallbackListener;

import java.util.ArrayList;
import java.util.List;

/**
 * Follows a CPE run: counts documents and the mentions of the successful ones, records each
 * failing document with its name and reason, and lets the caller wait for the end.
 */
final class CpeMonitor implements StatusCallbackListener {

    private final Runnable onDocument;
    private final List<DocumentFailure> failures = new ArrayList<>();
    private int documents;
    private long mentions;
    private boolean done;
    private boolean aborted;

    /**
     * Creates a monitor.
     *
     * @param onDocument called after every document, failed or not
     */
    CpeMonitor(Runnable onDocument) {
        this.onDocument = onDocument;
    }

    /**
     * Starts a CPE and waits for its end.
     *
     * @param cpe the engine, with this monitor not yet added
     * @return what the run did
     * @throws Exception when the CPE was aborted as a whole
     */
    RunResult runToEnd(CollectionProcessingEngine cpe) throws Exception {
        cpe.addStatusCallbackListener(this);
        cpe.process();
        synchronized (this) {
            while (!done) {
                wait();
            }
            if (aborted) {
                throw new IllegalStateException("the pipeline was aborted" + (failures.isEmpty() ? ""
                        : ": " + failures.get(0).document() + ": " + failures.get(0).reason()));
            }
            return new RunResult(documents, mentions, failures);
        }
    }

    @Override
    public synchronized void entityProcessComplete(CAS cas, EntityProcessStatus status) {
        documents++;
        if (status.isException()) {
            List<Exception> errors = status.getExceptions();
            Throwable error = errors.isEmpty() ? new IllegalStateException("unknown error") : errors.get(0);
            failures.add(DocumentFailure.of(error, name(cas)));
        } else {
            // by the CAS API: a descriptor's type system need not have the ClinNER types
            Type entity = cas.getTypeSystem().getType(ClinicalEntity.class.getName());
            mentions += entity == null ? 0 : cas.getAnnotationIndex(entity).size();
        }
        onDocument.run();
    }

    private static String name(CAS cas) {
        try {
            return cas == null ? null : DocumentNames.describe(cas.getJCas());
        } catch (CASException e) {
            return null;
        }
    }

    @Override
    public void initializationComplete() {
        // nothing to do
    }

    @Override
    public void batchProcessComplete() {
        // nothing to do
    }

    @Override
    public synchronized void collectionProcessComplete() {
        done = true;
        notifyAll();
    }

    @Override
    public void paused() {
        // nothing to do
    }

    @Override
    public void resumed() {
        // nothing to do
    }

    @Override
    public synchronized void aborted() {
        aborted = true;
        done = true;
        notifyAll();
    }
}
