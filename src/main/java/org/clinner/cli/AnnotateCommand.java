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
import org.clinner.uima.HtmlWriter;
import org.clinner.uima.ModelSpec;
import org.clinner.uima.MultiClinAiTsvWriter;
import org.clinner.uima.RunResult;
import org.clinner.uima.SharedModels;

import org.apache.uima.analysis_engine.AnalysisEngineDescription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
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

    @Option(names = "--html", paramLabel = "DIR", description = "Also write one HTML page per document (mentions"
            + " highlighted, label and confidence on hover) and index.html into this folder.")
    private Path html;

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
        List<ModelKey> models;
        try {
            clinner = new ClinnerPipeline(pipeline.settings(threads));
            models = clinner.resolveModels(new DownloadProgress());
        } catch (InvalidSettingException e) {
            return ExitCode.usage(COMMAND, PipelineOptions.asOption(e).getMessage());
        } catch (ModelLoadException e) {
            return ExitCode.usage(COMMAND, e.getMessage());
        }
        DjlRuntime.engine(); // the engine's start is not the model's load
        int loadsBefore = SharedModels.loadCount();
        long loadStart = System.nanoTime();
        List<SharedModels.Lease> leases = new ArrayList<>();
        try {
            for (ModelKey model : models) {
                leases.add(SharedModels.acquire(model));
                // the annotators check this too, in initialize; here it can be named by its option
                leases.get(leases.size() - 1).model().check(clinner.settings().ner().tagging());
            }
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            long tokensBefore = tokens(leases);
            long start = System.nanoTime();
            RunResult result = run(clinner, models, documents.size());
            double seconds = (System.nanoTime() - start) / 1e9;
            Figures figures = new Figures(loadSeconds, SharedModels.loadCount() - loadsBefore, seconds,
                    tokens(leases) - tokensBefore);
            return report(result, clinner.settings().models(), leases, figures);
        } catch (ModelLoadException e) {
            return ExitCode.usage(COMMAND, e.getMessage());
        } catch (InvalidSettingException e) {
            return ExitCode.usage(COMMAND, PipelineOptions.asOption(e).getMessage());
        } finally {
            leases.forEach(SharedModels.Lease::close);
        }
    }

    private static long tokens(List<SharedModels.Lease> leases) {
        return leases.stream().mapToLong(lease -> lease.model().classifier().tokensProcessed()).sum();
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

    private RunResult run(ClinnerPipeline clinner, List<ModelKey> models, int documents) throws Exception {
        List<AnalysisEngineDescription> engines = new ArrayList<>(clinner.analysis(models));
        // the TSV writer first: a document whose XMI cannot be written is listed, and its rows are kept
        engines.add(createEngineDescription(MultiClinAiTsvWriter.class,
                MultiClinAiTsvWriter.PARAM_TARGET_LOCATION, output.toString(),
                MultiClinAiTsvWriter.PARAM_OVERWRITE, overwrite));
        if (xmi != null) {
            engines.add(createEngineDescription(AtomicXmiWriter.class, AtomicXmiWriter.PARAM_TARGET_LOCATION,
                    xmi.toString(), AtomicXmiWriter.PARAM_OVERWRITE, overwrite));
        }
        if (html != null) {
            engines.add(createEngineDescription(HtmlWriter.class, HtmlWriter.PARAM_TARGET_LOCATION,
                    html.toString(), HtmlWriter.PARAM_OVERWRITE, overwrite));
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

    private int report(RunResult result, List<ModelSpec> specs, List<SharedModels.Lease> models, Figures figures)
            throws IOException {
        RunReport report = new RunReport(result);
        report.printFailures(System.err);
        String locations = specs.stream().map(ModelSpec::location).collect(Collectors.joining(" + "));
        System.err.printf("%d documents (%d failed), %d mentions, model %s loaded in %.2f s, %.1f s, %.1f docs/s,"
                        + " %.0f tokens/s -> %s%n", result.documents(), result.failures().size(), result.mentions(),
                locations, figures.loadSeconds(), figures.seconds(), result.documents() / figures.seconds(),
                figures.tokens() / figures.seconds(), output);
        report.summary().put("model", locations).put("model_load_seconds", figures.loadSeconds())
                .put("model_loads", figures.modelLoads()).put("seconds", figures.seconds())
                .put("tokens", figures.tokens()).put("output", output.toString());
        ArrayNode list = report.summary().putArray("models");
        for (int m = 0; m < models.size(); m++) {
            ModelKey key = models.get(m).key();
            ObjectNode entry = list.addObject().put("model", specs.get(m).location())
                    .put("location", key.location().toString()).put("torchscript", key.torchScript())
                    .put("base_model", key.baseModel() == null ? null : key.baseModel().toString())
                    .put("precision", key.precision().label()).put("device", key.device().name());
            ArrayNode tasks = entry.putArray("tasks");
            models.get(m).model().heads().forEach(head -> tasks.add(head.task()));
        }
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
