package org.clinner.uima;

import org.apache.uima.cas.CAS;
import org.apache.uima.cas.CASException;
import org.apache.uima.collection.CollectionProcessingEngine;
import org.apache.uima.collection.EntityProcessStatus;
import org.apache.uima.collection.StatusCallbackListener;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Follows a CPE run: counts documents, records each failing document with its name and root
 * cause, hands every successful CAS to a callback, and lets the caller wait for the end.
 */
public final class CpeMonitor implements StatusCallbackListener {

    /**
     * A document that could not be processed.
     *
     * @param document its name (DKPro document id), or a placeholder when it has none
     * @param reason the root cause's message
     */
    public record Failure(String document, String reason) {}

    private final Consumer<CAS> onSuccess;
    private final Runnable onDocument;
    private final List<Failure> failures = new ArrayList<>();
    private int documents;
    private boolean done;
    private boolean aborted;

    /**
     * Creates a monitor.
     *
     * @param onSuccess called with the CAS of every document processed without error
     * @param onDocument called after every document, failed or not
     */
    public CpeMonitor(Consumer<CAS> onSuccess, Runnable onDocument) {
        this.onSuccess = onSuccess;
        this.onDocument = onDocument;
    }

    /**
     * Starts a CPE and waits for its end.
     *
     * @param cpe the engine, with this monitor not yet added
     * @throws Exception when the CPE was aborted as a whole
     */
    public void runToEnd(CollectionProcessingEngine cpe) throws Exception {
        cpe.addStatusCallbackListener(this);
        cpe.process();
        synchronized (this) {
            while (!done) {
                wait();
            }
            if (aborted) {
                throw new IllegalStateException("the pipeline was aborted"
                        + (failures.isEmpty() ? "" : ": " + failures.get(0).reason()));
            }
        }
    }

    /**
     * Returns how many documents were read.
     *
     * @return successful and failed documents
     */
    public synchronized int documents() {
        return documents;
    }

    /**
     * Returns the documents that failed.
     *
     * @return the failures, in the order they happened
     */
    public synchronized List<Failure> failures() {
        return List.copyOf(failures);
    }

    @Override
    public synchronized void entityProcessComplete(CAS cas, EntityProcessStatus status) {
        documents++;
        String name = null;
        if (cas != null) {
            try {
                name = DocumentNames.describe(cas.getJCas());
            } catch (CASException e) {
                status.getExceptions().add(e);
            }
        }
        if (status.isException()) {
            failures.add(new Failure(name == null ? "(unnamed document)" : name, rootCause(status.getExceptions())));
        } else {
            onSuccess.accept(cas);
        }
        onDocument.run();
    }

    private static String rootCause(List<Exception> errors) {
        return errors.isEmpty() ? "unknown error" : reason(errors.get(0));
    }

    /**
     * Says why a document failed: the innermost message of an exception's causes (UIMA wraps the
     * component's own exception in exceptions without a useful message).
     *
     * @param error what processing the document threw
     * @return the innermost message, or the exception itself when no cause has one
     */
    public static String reason(Throwable error) {
        String message = error.toString();
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message;
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
