package org.clinner.cli;

import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngineDescription;
import static org.apache.uima.fit.factory.CollectionReaderFactory.createReaderDescription;

import org.clinner.io.DocumentFolder;
import org.clinner.model.NerModel;
import org.clinner.model.hub.HuggingFaceHub;
import org.clinner.model.hub.ModelLocator;
import org.clinner.model.nn.DjlRuntime;
import org.clinner.model.snapshot.ModelLoadException;
import org.clinner.uima.AtomicXmiWriter;
import org.clinner.uima.ClinicalTextReader;
import org.clinner.uima.CpeMonitor;
import org.clinner.uima.MultiClinAiTsvWriter;
import org.clinner.uima.SharedModels;

import org.apache.uima.analysis_engine.AnalysisEngineDescription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code clinner annotate}: a folder of texts to a MultiClinAI TSV (and XMI), through a uimaFIT pipeline. */
@Command(name = "annotate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Finds clinical entity mentions in every *.txt file under the input folder (recursively, in sorted"
                + " order) and writes one MultiClinAI TSV (filename, label, start_span, end_span, text).",
            "Files are read as UTF-8 and line endings are normalized like Python's universal newlines"
                + " (CRLF and lone CR become LF) before offsets are counted, so offsets match the published"
                + " DT4H script; offsets are Unicode code points.",
            "Pipeline: text reader -> DKPro BreakIteratorSegmenter -> ClinicalNerAnnotator -> TSV writer"
                + " (+ XMI). Exit codes: 0 all documents done, 1 some documents failed (listed on"
                + " stderr, all others written), 2 usage or model error."})
final class AnnotateCommand implements Callable<Integer> {

    private static final String DOCUMENTS = "**/*.txt";

    @Option(names = "--input", required = true, description = "Folder of .txt documents (searched recursively).")
    private Path input;

    @Option(names = "--output", required = true, description = "The TSV file to write (atomically).")
    private Path output;

    @Mixin
    private PipelineOptions pipeline;

    @Option(names = "--xmi", description = "Also write one XMI file per document into this folder.")
    private Path xmi;

    @Option(names = "--threads", defaultValue = "1",
            description = "Pipeline threads; all share one loaded model. Default: ${DEFAULT-VALUE}.")
    private int threads;

    @Option(names = "--overwrite", description = "Replace an existing output file.")
    private boolean overwrite;

    @Option(names = "--memory-log", description = "Write the process's memory (RSS, heap) every "
            + MemoryLog.EVERY + " documents to this CSV, e.g. to check a long run stays flat.")
    private Path memoryLog;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(input)) {
            System.err.println("clinner annotate: --input " + input + " is not a folder");
            return ClinnerCli.USAGE;
        }
        if (Files.exists(output) && !overwrite) {
            System.err.println("clinner annotate: " + output + " exists; add --overwrite to replace it");
            return ClinnerCli.USAGE;
        }
        if (pipeline.problem() != null) {
            System.err.println("clinner annotate: " + pipeline.problem());
            return ClinnerCli.USAGE;
        }
        if (threads < 1) {
            System.err.println("clinner annotate: --threads must be at least 1");
            return ClinnerCli.USAGE;
        }
        Path directory;
        try {
            directory = ModelLocator.fromEnvironment(pipeline.offline()).resolve(pipeline.model(), new DownloadProgress());
        } catch (ModelLoadException e) {
            System.err.println("clinner annotate: " + e.getMessage());
            return ClinnerCli.USAGE;
        }
        DjlRuntime.setIntraOpThreads(pipeline.intraOpThreads(threads));
        long loadStart = System.nanoTime();
        try (SharedModels.Lease lease = SharedModels.acquire(directory.toString(), pipeline.torchScript())) {
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            return annotate(directory, lease.model(), loadSeconds);
        } catch (ModelLoadException e) {
            System.err.println("clinner annotate: " + e.getMessage());
            return ClinnerCli.USAGE;
        }
    }

    private int annotate(Path directory, NerModel loaded, double loadSeconds) throws Exception {
        List<AnalysisEngineDescription> engines = new ArrayList<>(List.of(pipeline.engines(directory.toString())));
        // the TSV writer first: a document whose XMI cannot be written is listed, and its rows are kept
        engines.add(createEngineDescription(MultiClinAiTsvWriter.class,
                MultiClinAiTsvWriter.PARAM_TARGET_LOCATION, output.toString(),
                MultiClinAiTsvWriter.PARAM_OVERWRITE, true));
        if (xmi != null) {
            engines.add(createEngineDescription(AtomicXmiWriter.class, AtomicXmiWriter.PARAM_TARGET_LOCATION,
                    xmi.toString(), AtomicXmiWriter.PARAM_OVERWRITE, true));
        }
        long tokensBefore = loaded.classifier().tokensProcessed();
        long start = System.nanoTime();
        AnnotationRun.Result result;
        try (Progress progress = Progress.start("annotate", "docs", countDocuments());
                MemoryLog memory = MemoryLog.open(memoryLog)) {
            result = AnnotationRun.run(threads,
                    createReaderDescription(ClinicalTextReader.class,
                            ClinicalTextReader.PARAM_SOURCE_LOCATION, input.toString(),
                            ClinicalTextReader.PARAM_PATTERNS, "[+]" + DOCUMENTS,
                            ClinicalTextReader.PARAM_LANGUAGE, pipeline.language()),
                    createEngineDescription(engines.toArray(new AnalysisEngineDescription[0])),
                    memory == null ? progress::step : () -> {
                        progress.step();
                        memory.documentDone();
                    });
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long tokens = loaded.classifier().tokensProcessed() - tokensBefore;
        for (CpeMonitor.Failure failure : result.failures()) {
            System.err.println("failed: " + failure.document() + ": " + failure.reason());
        }
        System.err.printf("%d documents (%d failed), %d mentions, model %s loaded in %.2f s, %.1f s, %.1f docs/s,"
                        + " %.0f tokens/s -> %s%n",
                result.documents(), result.failures().size(), result.mentions(), pipeline.model(), loadSeconds, seconds,
                result.documents() / seconds, tokens / seconds, output);
        return result.failures().isEmpty() ? ClinnerCli.OK : ClinnerCli.SOME_FAILED;
    }

    private long countDocuments() throws IOException {
        return DocumentFolder.scan(input, List.of(DOCUMENTS), List.of()).entries().size();
    }

    /** Shows a download's bytes as a progress bar. */
    private static final class DownloadProgress implements HuggingFaceHub.DownloadListener {
        private Progress current;

        @Override
        public void started(String file, long bytes) {
            current = Progress.start("download " + file, "B", bytes);
        }

        @Override
        public void progress(long bytes) {
            current.stepTo(bytes);
        }

        @Override
        public void finished() {
            current.close();
        }
    }
}
