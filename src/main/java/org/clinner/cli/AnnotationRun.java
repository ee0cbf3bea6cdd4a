package org.clinner.cli;

import org.clinner.type.ClinicalEntity;
import org.clinner.uima.CpeMonitor;

import org.apache.uima.analysis_engine.AnalysisEngineDescription;
import org.apache.uima.cas.CASException;
import org.apache.uima.collection.CollectionReaderDescription;
import org.apache.uima.collection.impl.metadata.cpe.CpeCasProcessorsImpl;
import org.apache.uima.collection.metadata.CpeCasProcessor;
import org.apache.uima.fit.cpe.CpeBuilder;
import org.apache.uima.fit.util.JCasUtil;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a reader and analysis engines as a multi-threaded CPE in which a failing document does not
 * stop the run: it is recorded with its name and reason, and the other documents go on to the
 * writers.
 */
final class AnnotationRun {

    private AnnotationRun() {}

    /**
     * What a run did.
     *
     * @param documents documents read
     * @param mentions mentions found in the successful documents
     * @param failures the documents that failed
     */
    record Result(int documents, long mentions, List<CpeMonitor.Failure> failures) {}

    /**
     * Runs the pipeline to the end.
     *
     * @param threads processing threads (annotator instances)
     * @param reader the collection reader
     * @param engine the analysis engines, as one aggregate
     * @param documentDone told about every finished document (failed or not)
     * @return what was done
     * @throws Exception when the pipeline cannot start or was aborted as a whole
     */
    static Result run(int threads, CollectionReaderDescription reader, AnalysisEngineDescription engine,
            Runnable documentDone) throws Exception {
        CpeBuilder builder = new CpeBuilder();
        builder.setReader(reader);
        builder.setAnalysisEngine(engine);
        builder.setMaxProcessingUnitThreadCount(threads);
        // a failing document is reported and dropped; without this the CPM retries it, forever in a CAS consumer
        ((CpeCasProcessorsImpl) builder.getCpeDescription().getCpeCasProcessors()).setDropCasOnException(true);
        for (CpeCasProcessor processor : builder.getCpeDescription().getCpeCasProcessors().getAllCpeCasProcessors()) {
            processor.setActionOnMaxError("continue");
            processor.setMaxErrorCount(Integer.MAX_VALUE);
        }
        AtomicLong mentions = new AtomicLong();
        CpeMonitor monitor = new CpeMonitor(cas -> {
            try {
                mentions.addAndGet(JCasUtil.select(cas.getJCas(), ClinicalEntity.class).size());
            } catch (CASException e) {
                throw new IllegalStateException(e);
            }
        }, documentDone);
        monitor.runToEnd(builder.createCpe(null));
        return new Result(monitor.documents(), mentions.get(), monitor.failures());
    }
}
