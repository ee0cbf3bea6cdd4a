package org.clinner.cli;

import org.clinner.frontend.ExitCode;
import org.clinner.io.AtomicFiles;
import org.clinner.model.ModelKey;
import org.clinner.model.NerModel;
import org.clinner.model.nn.DjlRuntime;
import org.clinner.model.snapshot.ModelConfig;
import org.clinner.model.snapshot.ModelLoadException;
import org.clinner.model.snapshot.SnapshotFiles;
import org.clinner.model.tagging.Mention;
import org.clinner.model.tagging.TaggingOptions;
import org.clinner.train.CorpusReader;
import org.clinner.train.TrainableModel;
import org.clinner.train.TrainingDocument;
import org.clinner.train.UnigramTokenizerTrainer;
import org.clinner.uima.ClinnerPipeline;
import org.clinner.uima.PipelineSettings;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.commons.io.FileUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code clinner bench}: throughput of the published script's compute pattern against this
 * project's raw and words modes, on one corpus, one model and one process, with the machine's fp32
 * GEMM rate as the roofline.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Measures, in one process: (A) the published script's compute pattern (raw mode, every window padded to"
                + " 512 and run alone), (B) raw mode as this project runs it (batched, no padding beyond the longest"
                + " window), (C) words mode; with the fp32 GEMM rate of an XLM-R feed-forward product as the roofline.",
            "Reports documents/s, tokens/s, effective GFLOP/s (padding included), %% of roofline, model load time and"
                + " peak RSS per variant, as JSON and a markdown table."})
final class BenchCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--corpus", defaultValue = "../shared/data/medprocner/test/txt",
            description = "Folder of .txt documents. Default: ${DEFAULT-VALUE}.")
    private Path corpus;

    @Option(names = "--model", description = "A snapshot to measure; default: a random model of xlm-roberta-base's"
            + " shapes with a tokenizer trained on the corpus, generated into a temporary folder.")
    private Path model;

    @Option(names = "--torchscript", description = "Variant D: this TorchScript export in the model folder (e.g."
            + " model-bf16.pt from tools/export_torchscript.py), in words mode, compared with C's spans.")
    private String torchScript;

    @Option(names = "--checkpoint", description = "Variants T and M: a DT4H multi-task .pt state dict of the"
            + " model's architecture with three heads (tools/make_mtl_checkpoint.py writes one from --model); M runs"
            + " its heads on one words-mode pass, T runs three single-task models (the --model snapshot, loaded"
            + " three times) over the same documents.")
    private Path checkpoint;

    @Option(names = "--base-model", description = "The state dict's base model folder (config.json, tokenizer);"
            + " default: the --model snapshot.")
    private Path baseModel;

    @Option(names = "--keep-model",
            description = "Write the generated model here (to export it, then rerun with --model).")
    private Path keepModel;

    @Option(names = "--limit", defaultValue = "0", description = "Use only the first N documents (0: all).")
    private int limit;

    @Option(names = "--variants", split = ",", defaultValue = "A,B,C", description = "Default: ${DEFAULT-VALUE}.")
    private List<String> variants;

    @Option(names = "--token-budget", defaultValue = "4096",
            description = "Batch budget of B and C. Default: ${DEFAULT-VALUE}.")
    private int tokenBudget;

    @Option(names = "--pack-sentences", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Words mode (C, D) packs short sentences into shared inputs. Default: ${DEFAULT-VALUE}.")
    private boolean packSentences;

    @Option(names = "--threads", defaultValue = "0", description = "libtorch intra-op threads; 0: all CPUs.")
    private int threads;

    @Option(names = "--output", defaultValue = "target/bench", description = "Folder for bench.json and bench.md.")
    private Path output;

    @Override
    public Integer call() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        DjlRuntime.setIntraOpThreads(threads > 0 ? threads : cores);
        List<TrainingDocument> all = CorpusReader.read(corpus, null, null,
                new ClinnerPipeline(PipelineSettings.defaults("es")));
        List<TrainingDocument> documents = limit > 0 && limit < all.size() ? all.subList(0, limit) : all;
        System.err.printf("%d documents from %s%n", documents.size(), corpus);
        // the tokenizer of a generated model learns from the whole corpus, whatever --limit says
        Path directory = model != null ? model : generateBaseModel(all, keepModel);
        ObjectNode report = JSON.createObjectNode();
        report.set("machine", machine(cores));
        report.put("corpus", corpus.toString()).put("documents", documents.size());
        report.put("model", model != null ? model.toString() : "random xlm-roberta-base shapes (generated)");
        report.put("weights_bytes", Files.size(directory.resolve(SnapshotFiles.WEIGHTS)));
        try {
            runVariants(directory, documents, report);
        } finally {
            if (model == null && keepModel == null) {
                FileUtils.deleteDirectory(directory.getParent().toFile());
            }
        }
        Files.createDirectories(output);
        AtomicFiles.write(output.resolve("bench.json"),
                temp -> JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), report));
        String markdown = BenchReport.markdown(report);
        AtomicFiles.write(output.resolve("bench.md"), temp -> Files.writeString(temp, markdown));
        System.out.print(markdown);
        return ExitCode.OK;
    }

    /** Measures the roofline and every variant asked for, and adds their figures to the report. */
    private void runVariants(Path directory, List<TrainingDocument> documents, ObjectNode report)
            throws ModelLoadException {
        double roofline = gemmRoofline(ModelConfig.read(directory.resolve(SnapshotFiles.CONFIG)));
        report.put("roofline_gflops", roofline);
        List<VariantRun> runs = new ArrayList<>();
        List<String> fp32 = variants.stream().map(String::trim).filter(v -> List.of("A", "B", "C").contains(v))
                .toList();
        if (!fp32.isEmpty()) {
            long loadStart = System.nanoTime();
            try (NerModel loaded = NerModel.load(directory)) {
                report.put("load_seconds", seconds(loadStart));
                report.put("rss_after_load_bytes", PeakMemory.currentRss());
                for (String variant : fp32) {
                    PeakMemory.reset();
                    runs.add(run(variant, List.of(loaded), documents, roofline));
                    System.err.println(runs.get(runs.size() - 1).json());
                }
            }
        }
        if (variants.stream().anyMatch(v -> v.trim().equals("D"))) {
            // after the fp32 model is closed: D's peak RSS is that of one model
            runs.add(runTorchScript(directory, documents, roofline));
            System.err.println(runs.get(runs.size() - 1).json());
        }
        if (variants.stream().anyMatch(v -> v.trim().equals("T"))) {
            runs.add(runThreeModels(directory, documents, roofline));
            System.err.println(runs.get(runs.size() - 1).json());
        }
        if (variants.stream().anyMatch(v -> v.trim().equals("M"))) {
            runs.add(runMultiTask(directory, documents, roofline));
            System.err.println(runs.get(runs.size() - 1).json());
        }
        compare(runs);
        ArrayNode results = report.putArray("variants");
        runs.forEach(r -> results.add(r.json()));
    }

    /** Adds the ratios to A (and D's to C) and the span agreements to each variant's figures. */
    private static void compare(List<VariantRun> runs) {
        VariantRun published = find(runs, "A");
        VariantRun words = find(runs, "C");
        for (VariantRun run : runs) {
            String variant = run.json().path("variant").asText();
            if (published != null) {
                run.json().put("speedup_vs_A", docsPerSecond(run) / docsPerSecond(published));
            }
            if (variant.equals("B") && published != null) {
                run.json().put("documents_with_spans_identical_to_A", identical(published.mentions(), run.mentions()));
            }
            VariantRun three = find(runs, "T");
            if (variant.equals("M") && three != null) {
                run.json().put("speedup_vs_T", docsPerSecond(run) / docsPerSecond(three));
                run.json().put("peak_rss_vs_T", run.json().path("peak_rss_bytes").asDouble()
                        / three.json().path("peak_rss_bytes").asDouble());
            }
            if (variant.equals("D") && words != null) {
                run.json().put("speedup_vs_C", docsPerSecond(run) / docsPerSecond(words));
                run.json().put("documents_with_spans_identical_to_C", identical(words.mentions(), run.mentions()));
            }
        }
    }

    private static VariantRun find(List<VariantRun> runs, String variant) {
        return runs.stream().filter(r -> r.json().path("variant").asText().equals(variant)).findFirst().orElse(null);
    }

    private static double docsPerSecond(VariantRun run) {
        return run.json().path("docs_per_second").asDouble();
    }

    /**
     * Counts the documents whose mentions two runs agree on (padding changes float sums, so near-ties of random weights
     * can flip).
     */
    private static int identical(List<List<Mention>> a, List<List<Mention>> b) {
        int same = 0;
        for (int i = 0; i < a.size(); i++) {
            same += a.get(i).equals(b.get(i)) ? 1 : 0;
        }
        return same;
    }

    /** One variant's figures and the mentions it found, per document. */
    private record VariantRun(ObjectNode json, List<List<Mention>> mentions) {}

    /** Runs one variant's options over every document with each of the models, and measures it. */
    private VariantRun run(String variant, List<NerModel> models, List<TrainingDocument> documents, double roofline) {
        TaggingOptions options = switch (variant) {
            case "A" -> new TaggingOptions(512, 128, 512, true, false);
            case "B" -> new TaggingOptions(512, 128, tokenBudget);
            case "C" -> new TaggingOptions(512, 128, tokenBudget).withPackSentences(packSentences);
            default -> throw new IllegalArgumentException("unknown variant " + variant + " (A, B, C, D, T or M)");
        };
        long tokens = processed(models, true);
        long flops = processed(models, false);
        long start = System.nanoTime();
        List<List<Mention>> mentions = new ArrayList<>();
        for (TrainingDocument document : documents) {
            List<Mention> found = new ArrayList<>();
            for (NerModel loaded : models) {
                found.addAll(variant.equals("C")
                        ? loaded.tagWords(document.text(), document.sentences(), options)
                        : loaded.tagRaw(document.text(), options));
            }
            mentions.add(found);
        }
        double seconds = seconds(start);
        double gflops = (processed(models, false) - flops) / seconds / 1e9;
        ObjectNode result = JSON.createObjectNode();
        result.put("variant", variant).put("description", switch (variant) {
            case "A" -> "published script: raw, windows padded to 512, batch 1";
            case "B" -> "raw mode, length-sorted batches, no padding beyond the longest window";
            default -> "words mode (DKPro tokens per sentence), " + (packSentences
                    ? "short sentences packed into shared rows" : "one sentence per row") + ", length-sorted batches";
        });
        result.put("seconds", seconds);
        result.put("docs_per_second", documents.size() / seconds);
        result.put("tokens_per_second", (processed(models, true) - tokens) / seconds);
        result.put("gflops", gflops);
        result.put("percent_of_roofline", 100 * gflops / roofline);
        result.put("peak_rss_bytes", PeakMemory.peakRss());
        return new VariantRun(result, mentions);
    }

    private static long processed(List<NerModel> models, boolean tokens) {
        return models.stream().mapToLong(m -> tokens ? m.classifier().tokensProcessed()
                : m.classifier().flopsProcessed()).sum();
    }

    /** Variant T: three single-task models of the snapshot's size, each over every document (words mode). */
    private VariantRun runThreeModels(Path directory, List<TrainingDocument> documents, double roofline)
            throws ModelLoadException {
        PeakMemory.reset();
        long loadStart = System.nanoTime();
        List<NerModel> three = new ArrayList<>();
        try {
            for (int m = 0; m < 3; m++) {
                three.add(NerModel.load(directory));
            }
            double loadSeconds = seconds(loadStart);
            VariantRun run = run("C", three, documents, roofline);
            run.json().put("variant", "T").put("description", "three single-task models (three encoders), words"
                    + " mode, each over every document").put("load_seconds", loadSeconds);
            return run;
        } finally {
            three.forEach(NerModel::close);
        }
    }

    /** Variant M: one multi-task state dict, its heads decoded from one words-mode encoder pass. */
    private VariantRun runMultiTask(Path directory, List<TrainingDocument> documents, double roofline)
            throws ModelLoadException {
        if (checkpoint == null) {
            throw new IllegalArgumentException("variant M needs --checkpoint FILE.pt");
        }
        PeakMemory.reset();
        long loadStart = System.nanoTime();
        ModelKey key = ModelKey.checkpoint(checkpoint, baseModel != null ? baseModel : directory, List.of(),
                Map.of());
        try (NerModel multiTask = NerModel.load(key)) {
            double loadSeconds = seconds(loadStart);
            VariantRun run = run("C", List.of(multiTask), documents, roofline);
            run.json().put("variant", "M").put("description", "one multi-task state dict: "
                    + multiTask.heads().size() + " heads on one encoder, words mode").put("load_seconds", loadSeconds);
            return run;
        }
    }

    /** Variant D: words mode on the TorchScript export, loaded beside the safetensors model. */
    private VariantRun runTorchScript(Path directory, List<TrainingDocument> documents, double roofline)
            throws ModelLoadException {
        if (torchScript == null) {
            throw new IllegalArgumentException("variant D needs --torchscript FILE");
        }
        PeakMemory.reset();
        long loadStart = System.nanoTime();
        try (NerModel exported = NerModel.load(directory, torchScript)) {
            double loadSeconds = seconds(loadStart);
            VariantRun run = run("C", List.of(exported), documents, roofline);
            run.json().put("variant", "D").put("description", "words mode on " + torchScript + " (TorchScript)");
            run.json().put("load_seconds", loadSeconds);
            return run;
        }
    }

    /**
     * The fp32 rate of the feed-forward product of a 4096-token batch, the roofline of a forward
     * pass: the best of five rounds of ten products, so that a busy moment does not lower it.
     */
    private static double gemmRoofline(ModelConfig config) {
        try (NDManager manager = NDManager.newBaseManager(DjlRuntime.engine().getEngineName())) {
            DjlRuntime.disableGradOnThisThread();
            NDArray a = manager.randomNormal(0f, 1f, new Shape(4096, config.hiddenSize()), DataType.FLOAT32);
            NDArray b = manager.randomNormal(0f, 1f, new Shape(config.hiddenSize(), config.intermediateSize()),
                    DataType.FLOAT32);
            double flops = 2.0 * 4096 * config.hiddenSize() * config.intermediateSize();
            for (int i = 0; i < 2; i++) {
                a.matMul(b).close();
            }
            double best = 0;
            for (int round = 0; round < 5; round++) {
                long start = System.nanoTime();
                for (int i = 0; i < 10; i++) {
                    a.matMul(b).close();
                }
                best = Math.max(best, 10 * flops / seconds(start) / 1e9);
            }
            return best;
        }
    }

    private static Path generateBaseModel(List<TrainingDocument> documents, Path keep)
            throws IOException, ModelLoadException {
        Path directory = keep != null ? keep : Files.createTempDirectory("clinner-bench-").resolve("model");
        Files.createDirectories(directory);
        long start = System.nanoTime();
        UnigramTokenizerTrainer tokenizer = new UnigramTokenizerTrainer(32000);
        documents.forEach(d -> tokenizer.addText(d.text()));
        tokenizer.write(directory.resolve(SnapshotFiles.TOKENIZER));
        UnigramTokenizerTrainer.writeConfigs(directory, 32000);
        ModelConfig base = new ModelConfig(250002, 768, 12, 12, 3072, 514, 1, 1e-5f, 1,
                List.of("B-PROCEDURE", "I-PROCEDURE", "O"));
        try (TrainableModel random = TrainableModel.fromScratch(base, directory, 42)) {
            random.save(directory);
        }
        System.err.printf("generated a base-size random model in %.0f s%n", seconds(start));
        return directory;
    }

    private static ObjectNode machine(int cores) throws IOException {
        ObjectNode machine = JSON.createObjectNode();
        String cpu = Files.readAllLines(Paths.get("/proc/cpuinfo")).stream()
                .filter(l -> l.startsWith("model name")).findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim())
                .orElse("?");
        machine.put("cpu", cpu).put("cores", cores).put("java", System.getProperty("java.version"))
                .put("engine", DjlRuntime.engine().getEngineName() + " " + DjlRuntime.engine().getVersion());
        return machine;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
