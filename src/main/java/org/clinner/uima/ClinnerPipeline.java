package org.clinner.uima;

import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngineDescription;
import static org.apache.uima.fit.factory.CollectionReaderFactory.createReaderDescription;

import org.clinner.model.ModelKey;
import org.clinner.model.hub.HuggingFaceHub;
import org.clinner.model.hub.ModelLocator;
import org.clinner.model.snapshot.ModelLoadException;
import org.clinner.model.tagging.InvalidSettingException;

import org.apache.uima.analysis_engine.AnalysisEngineDescription;
import org.apache.uima.collection.CollectionReaderDescription;
import org.apache.uima.collection.impl.metadata.cpe.CpeCasProcessorsImpl;
import org.apache.uima.collection.metadata.CpeCasProcessor;
import org.apache.uima.fit.cpe.CpeBuilder;
import org.apache.uima.resource.ResourceInitializationException;
import org.dkpro.core.tokit.BreakIteratorSegmenter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The ClinNER pipeline as every front end builds it from one {@link PipelineSettings}: the text
 * reader of a folder, DKPro's segmenter, the NER annotator on the resolved model, and a
 * multi-threaded CPE run in which a failing document is recorded and dropped while the others go
 * on to the writers.
 */
public final class ClinnerPipeline {

    /** The documents of a folder: every {@code .txt} file below it. */
    public static final String DOCUMENTS = "**/*.txt";

    private final PipelineSettings settings;

    /**
     * Creates the pipeline of some settings.
     *
     * @param settings the validated settings
     */
    public ClinnerPipeline(PipelineSettings settings) {
        this.settings = settings;
    }

    /**
     * Returns the settings.
     *
     * @return the settings this pipeline was made from
     */
    public PipelineSettings settings() {
        return settings;
    }

    /**
     * Finds the models the settings name: the built-in model, directories and {@code .pt} files, or
     * Hugging Face ids from the hub cache, downloaded into it unless the settings or the environment
     * say offline.
     *
     * @param listener told about a download
     * @return each model's key in the settings' precision and device, in the settings' order
     * @throws ModelLoadException when a location names nothing usable
     * @throws InvalidSettingException when the precision does not fit a model
     */
    public List<ModelKey> resolveModels(HuggingFaceHub.DownloadListener listener) throws ModelLoadException {
        ModelLocator locator = ModelLocator.fromEnvironment(settings.offline());
        List<ModelKey> keys = new ArrayList<>();
        for (ModelSpec model : settings.models()) {
            keys.add(settings.ner().place(model.resolve(locator, listener)));
        }
        return keys;
    }

    /**
     * Describes the reader of a folder: every {@code .txt} below it in sorted order, decoded as
     * Python decodes text files.
     *
     * @param folder the folder
     * @return the reader
     * @throws ResourceInitializationException when the description cannot be made
     */
    public CollectionReaderDescription folderReader(Path folder) throws ResourceInitializationException {
        return createReaderDescription(ClinicalTextReader.class,
                ClinicalTextReader.PARAM_SOURCE_LOCATION, folder.toString(),
                ClinicalTextReader.PARAM_PATTERNS, "[+]" + DOCUMENTS,
                ClinicalTextReader.PARAM_LANGUAGE, settings.language());
    }

    /**
     * Describes the segmenter of words mode: DKPro's {@code BreakIteratorSegmenter} in the settings'
     * language.
     *
     * @return the segmenter
     * @throws ResourceInitializationException when the description cannot be made
     */
    public AnalysisEngineDescription segmenter() throws ResourceInitializationException {
        return createEngineDescription(BreakIteratorSegmenter.class, BreakIteratorSegmenter.PARAM_LANGUAGE,
                settings.language());
    }

    /**
     * Returns the words the segmenter makes, as words mode reads them.
     *
     * @return DKPro's tokens of each sentence
     */
    public SentenceWords words() {
        return SentenceWords.DKPRO;
    }

    /**
     * Describes the analysis: the segmenter, then one NER annotator per model, each on the intra-op
     * threads of {@link PipelineSettings#intraOpThreads()} (worked out in the JVM that calls this).
     *
     * @param models the resolved models ({@link #resolveModels})
     * @return the engines, in that order
     * @throws ResourceInitializationException when a description cannot be made
     */
    public List<AnalysisEngineDescription> analysis(List<ModelKey> models) throws ResourceInitializationException {
        List<AnalysisEngineDescription> engines = new ArrayList<>();
        engines.add(segmenter());
        engines.addAll(annotators(models, 0, settings.ner().mode()));
        return engines;
    }

    /**
     * Describes one NER annotator per model, on the intra-op threads of
     * {@link PipelineSettings#intraOpThreads()}.
     *
     * @param models the resolved models ({@link #resolveModels})
     * @param batchWaitMicros how long a forward batch waits for other threads' batches (the annotator's
     *     {@code batchWaitMicros}; 0: not at all)
     * @param mode the input mode (the settings' own, or another one for a service that offers both)
     * @return the annotators, in the models' order
     * @throws ResourceInitializationException when a description cannot be made
     */
    public List<AnalysisEngineDescription> annotators(List<ModelKey> models, int batchWaitMicros, Mode mode)
            throws ResourceInitializationException {
        List<AnalysisEngineDescription> engines = new ArrayList<>();
        NerSettings ner = settings.ner().withNumThreads(settings.intraOpThreads()).withMode(mode);
        for (ModelKey model : models) {
            AnalysisEngineDescription annotator = createEngineDescription(ClinicalNerAnnotator.class,
                    ner.parameters(ModelSpec.local(model)));
            annotator.getAnalysisEngineMetaData().getConfigurationParameterSettings().setParameterValue(
                    ClinicalNerAnnotator.PARAM_BATCH_WAIT_MICROS, batchWaitMicros);
            engines.add(annotator);
        }
        return engines;
    }

    /**
     * Runs a reader and engines to the end as a CPE on the settings' threads. A failing document is
     * recorded with its name and reason and dropped (not retried); the others go on.
     *
     * @param reader the collection reader
     * @param engines the engines in order, writers last
     * @param documentDone told about every finished document, failed or not
     * @return what the run did
     * @throws Exception when a component cannot be initialized (before any document is read), or
     *     the run was aborted as a whole
     */
    public RunResult run(CollectionReaderDescription reader, List<AnalysisEngineDescription> engines,
            Runnable documentDone) throws Exception {
        CpeBuilder builder = new CpeBuilder();
        builder.setReader(reader);
        builder.setAnalysisEngine(createEngineDescription(engines.toArray(new AnalysisEngineDescription[0])));
        builder.setMaxProcessingUnitThreadCount(settings.threads());
        // a failing document is reported and dropped; without this the CPM retries it, forever in a CAS consumer
        ((CpeCasProcessorsImpl) builder.getCpeDescription().getCpeCasProcessors()).setDropCasOnException(true);
        for (CpeCasProcessor processor : builder.getCpeDescription().getCpeCasProcessors().getAllCpeCasProcessors()) {
            processor.setActionOnMaxError("continue");
            processor.setMaxErrorCount(Integer.MAX_VALUE);
        }
        return new CpeMonitor(documentDone).runToEnd(SharedModels.releasedOnFailure(() -> builder.createCpe(null)));
    }
}
