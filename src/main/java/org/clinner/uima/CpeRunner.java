package org.clinner.uima;

import org.apache.uima.UIMAFramework;
import org.apache.uima.cas.CAS;
import org.apache.uima.collection.CollectionProcessingEngine;
import org.apache.uima.collection.EntityProcessStatus;
import org.apache.uima.collection.StatusCallbackListener;
import org.apache.uima.collection.metadata.CpeDescription;
import org.apache.uima.util.XMLInputSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a Collection Processing Engine descriptor (e.g. {@code pipelines/annotate-folder.cpe.xml})
 * to completion and reports its errors. External override settings are read from the files named
 * by the {@code UimaExternalOverrides} system property, as UIMA does.
 */
public final class CpeRunner {

    private CpeRunner() {}

    /** Collects completion and errors of a CPE run. */
    private static final class Listener implements StatusCallbackListener {
        private final List<Throwable> errors = new ArrayList<>();
        private boolean done;
        private int documents;

        @Override
        public synchronized void entityProcessComplete(CAS cas, EntityProcessStatus status) {
            documents++;
            if (status.isException()) {
                errors.addAll(status.getExceptions());
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
            done = true;
            notifyAll();
        }

        synchronized void await() throws InterruptedException {
            while (!done) {
                wait();
            }
        }
    }

    /**
     * Parses a CPE descriptor.
     *
     * @param descriptor the {@code .cpe.xml} file
     * @return the description, for callers that adjust settings before running it
     * @throws Exception when the file is not a valid CPE descriptor
     */
    public static CpeDescription parse(Path descriptor) throws Exception {
        return UIMAFramework.getXMLParser().parseCpeDescription(new XMLInputSource(descriptor.toFile()));
    }

    /**
     * Runs a CPE and waits until it has processed its whole collection.
     *
     * @param description the CPE description
     * @return the number of documents processed
     * @throws Exception the first error of a document or of the collection, if any
     */
    public static int run(CpeDescription description) throws Exception {
        CollectionProcessingEngine engine = UIMAFramework.produceCollectionProcessingEngine(description);
        Listener listener = new Listener();
        engine.addStatusCallbackListener(listener);
        engine.process();
        listener.await();
        if (!listener.errors.isEmpty()) {
            Throwable first = listener.errors.get(0);
            throw first instanceof Exception ? (Exception) first : new IllegalStateException(first);
        }
        return listener.documents;
    }
}
