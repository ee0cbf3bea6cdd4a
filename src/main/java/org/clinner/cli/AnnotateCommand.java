package org.clinner.cli;

import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngineDescription;

import org.clinner.frontend.ExitCode;
import org.clinner.frontend.PipelineOptions;
import org.clinner.frontend.RunReport;
import org.clinner.io.DocumentFolder;
import org.clinner.model.ModelKey;
import org.clinner.model.hub.HuggingFaceHub;
import org.clinner.model.nn.DjlRuntime;
import org.clinner.model.snapshot.ModelLoadException;
import org.clinner.model.tagging.InvalidSettingException;
import org.clinner.uima.AtomicXmiWriter;
import org.clinner.uima.ClinnerPipeline;
import org.clinner.uima.MultiClinAiTsvWriter;
import org.clinner.uima.RunResult;
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

    private static final String COMMAND = "clinner annotate";

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

    @Option(names = "--overwrite", description = "Replace an existing TSV and existing XMI files.")
    private boolean overwrite;

    @Option(names = "--memory-log", description = "Write the process's memory (RSS, heap) every "
            + MemoryLog.EVERY + " documents to this CSV, e.g. to check a long run stays flat.")
    private Path memoryLog;

    @Option(names = "--summary", description = "Write what the run did as JSON (documents, failures with their"
            + " reasons, mentions, model load, seconds, tokens) to this file.")
    private Path summary;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(input)) {
            return ExitCode.usage(COMMAND, "--input " + input + " is not a folder");
        }
        List<DocumentFolder.Entry> documents = DocumentFolder.scan(input, List.of(ClinnerPipeline.DOCUMENTS), List.of())
                .entries();
        String existing = existingOutput(documents);
        if (existing != null) {
            return ExitCode.usage(COMMAND, existing + " exists; add --overwrite to replace it");
        }
        ClinnerPipeline clinner;
        ModelKey model;
        try {
            clinner = new ClinnerPipeline(pipeline.settings(threads));
            model = clinner.resolveModel(new DownloadProgress());
        } catch (InvalidSettingException | ModelLoadException e) {
            return ExitCode.usage(COMMAND, e.getMessage());
        }
        DjlRuntime.engine(); // the engine's start is not the model's load
        int loadsBefore = SharedModels.loadCount();
        long loadStart = System.nanoTime();
        try (SharedModels.Lease lease = SharedModels.acquire(model)) {
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            // the annotators check this too, in initialize; here it can be named by its option
            lease.model().check(clinner.settings().ner().tagging());
            long tokensBefore = lease.model().classifier().tokensProcessed();
            long start = System.nanoTime();
            RunResult result = run(clinner, model, documents.size());
            double seconds = (System.nanoTime() - start) / 1e9;
            long tokens = lease.model().classifier().tokensProcessed() - tokensBefore;
            Figures figures = new Figures(loadSeconds, SharedModels.loadCount() - loadsBefore, seconds, tokens);
            return report(result, clinner.settings().ner().modelLocation(), model, figures);
        } catch (ModelLoadException e) {
            return ExitCode.usage(COMMAND, e.getMessage());
        } catch (InvalidSettingException e) {
            return ExitCode.usage(COMMAND, PipelineOptions.asOption(e).getMessage());
        }
    }

    /** The first output file this run would replace without --overwrite, or null. */
    private String existingOutput(List<DocumentFolder.Entry> documents) {
        if (overwrite) {
            return null;
        }
        if (Files.exists(output)) {
            return output.toString();
        }
        if (xmi == null) {
            return null;
        }
        List<String> files = new ArrayList<>(List.of(AtomicXmiWriter.TYPE_SYSTEM_FILE));
        documents.forEach(document -> files.add(AtomicXmiWriter.fileName(document.relativePath())));
        for (String file : files) {
            if (Files.exists(xmi.resolve(file))) {
                return xmi.resolve(file).toString();
            }
        }
        return null;
    }

    private RunResult run(ClinnerPipeline clinner, ModelKey model, int documents) throws Exception {
        List<AnalysisEngineDescription> engines = new ArrayList<>(clinner.analysis(model));
        // the TSV writer first: a document whose XMI cannot be written is listed, and its rows are kept
        engines.add(createEngineDescription(MultiClinAiTsvWriter.class,
                MultiClinAiTsvWriter.PARAM_TARGET_LOCATION, output.toString(),
                MultiClinAiTsvWriter.PARAM_OVERWRITE, overwrite));
        if (xmi != null) {
            engines.add(createEngineDescription(AtomicXmiWriter.class, AtomicXmiWriter.PARAM_TARGET_LOCATION,
                    xmi.toString(), AtomicXmiWriter.PARAM_OVERWRITE, overwrite));
        }
        try (Progress progress = Progress.start("annotate", "docs", documents);
                MemoryLog memory = MemoryLog.open(memoryLog)) {
            return clinner.run(clinner.folderReader(input), engines, memory == null ? progress::step : () -> {
                progress.step();
                memory.documentDone();
            });
        }
    }

    /** The measured figures of a run. */
    private record Figures(double loadSeconds, int modelLoads, double seconds, long tokens) {}

    private int report(RunResult result, String location, ModelKey model, Figures figures) throws IOException {
        RunReport report = new RunReport(result);
        report.printFailures(System.err);
        System.err.printf("%d documents (%d failed), %d mentions, model %s loaded in %.2f s, %.1f s, %.1f docs/s,"
                        + " %.0f tokens/s -> %s%n", result.documents(), result.failures().size(), result.mentions(),
                location, figures.loadSeconds(), figures.seconds(), result.documents() / figures.seconds(),
                figures.tokens() / figures.seconds(), output);
        report.summary().put("model", location).put("model_directory", model.location().toString())
                .put("torchscript", model.torchScript()).put("model_load_seconds", figures.loadSeconds())
                .put("model_loads", figures.modelLoads()).put("seconds", figures.seconds())
                .put("tokens", figures.tokens()).put("output", output.toString());
        report.write(summary);
        return report.exitCode();
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
