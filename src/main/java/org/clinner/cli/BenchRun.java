package org.clinner.cli;

import org.clinner.model.ModelKey;
import org.clinner.model.NerModel;
import org.clinner.model.nn.GemmRoofline;
import org.clinner.model.nn.Precision;
import org.clinner.model.nn.TokenClassifier;
import org.clinner.model.snapshot.ModelConfig;
import org.clinner.model.snapshot.SnapshotFiles;
import org.clinner.model.tagging.LabelScheme;
import org.clinner.model.tagging.Mention;
import org.clinner.model.tagging.SubwordTokenizer;
import org.clinner.model.tagging.TaggingOptions;
import org.clinner.train.TrainingDocument;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.commons.io.FileUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * One {@code clinner bench} run: the roofline of every precision asked for, each variant in turn
 * (its models loaded for it and closed after it, so that its peak RSS is its own), then the
 * comparisons: the speed-up over the peer (else over A), and the spans each variant shares with the
 * fp32 variant of the same pattern.
 */
final class BenchRun {

    /** The rows of the products the rooflines are measured on: one full window. */
    private static final int ROOFLINE_TOKENS = 512;

    /**
     * The options of a run.
     *
     * @param tokenBudget batch budget of the batched patterns
     * @param packSentences whether words mode packs short sentences
     * @param torchScript the export of variant D, or null
     * @param checkpoint the state dict of variants T and M, or null
     * @param baseModel the state dict's base model
     * @param threads intra-op threads of every engine
     */
    record Settings(int tokenBudget, boolean packSentences, String torchScript, Path checkpoint, Path baseModel,
            int threads) {}

    /** One variant's figures and the mentions it found, per document. */
    private record Measured(BenchVariant variant, ObjectNode json, List<List<Mention>> mentions) {}

    /** The models a variant runs, and what to release after it. */
    private record Loaded(List<NerModel> models, List<AutoCloseable> resources) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            for (NerModel loaded : models) {
                loaded.close();
            }
            for (AutoCloseable resource : resources) {
                resource.close();
            }
        }
    }

    private final Path directory;
    private final List<TrainingDocument> documents;
    private final Settings settings;

    BenchRun(Path directory, List<TrainingDocument> documents, Settings settings) {
        this.directory = directory;
        this.documents = documents;
        this.settings = settings;
    }

    /**
     * Measures the rooflines and the variants, and adds their figures to a report.
     *
     * @param variants the variants, in the order to run them
     * @param report the report
     * @throws Exception when a model cannot be loaded or an engine fails
     */
    void measure(List<BenchVariant> variants, ObjectNode report) throws Exception {
        ModelConfig config = ModelConfig.read(directory.resolve(SnapshotFiles.CONFIG));
        Map<Precision, Double> rooflines = new EnumMap<>(Precision.class);
        rooflines.put(Precision.FP32, 0.0);
        variants.forEach(v -> rooflines.put(v.precision(), 0.0));
        ObjectNode rooflineReport = report.putObject("roofline_gflops");
        for (Precision precision : rooflines.keySet()) {
            rooflines.put(precision, GemmRoofline.measure(config, precision, ROOFLINE_TOKENS));
            rooflineReport.put(precision.label(), rooflines.get(precision));
            System.err.printf("roofline %s: %.1f GFLOP/s%n", precision.label(), rooflines.get(precision));
        }
        List<Measured> runs = new ArrayList<>();
        for (BenchVariant variant : variants) {
            Optional<Measured> run = run(variant, rooflines.get(variant.precision()));
            run.ifPresent(r -> System.err.println(r.json()));
            run.ifPresent(runs::add);
        }
        compare(runs);
        ArrayNode results = report.putArray("variants");
        runs.forEach(r -> results.add(r.json()));
    }

    /** Loads a variant's models, runs it over every document, and measures it; empty when it cannot run. */
    private Optional<Measured> run(BenchVariant variant, double roofline) throws Exception {
        PeakMemory.reset();
        long loadStart = System.nanoTime();
        Optional<Loaded> loaded = load(variant);
        if (loaded.isEmpty()) {
            return Optional.empty();
        }
        try (Loaded models = loaded.get()) {
            double loadSeconds = seconds(loadStart);
            TaggingOptions options = variant.options(settings.tokenBudget(), settings.packSentences());
            long tokens = processed(models.models(), true);
            long flops = processed(models.models(), false);
            long start = System.nanoTime();
            List<List<Mention>> mentions = new ArrayList<>();
            for (TrainingDocument document : documents) {
                List<Mention> found = new ArrayList<>();
                for (NerModel each : models.models()) {
                    found.addAll(variant.words() ? each.tagWords(document.text(), document.sentences(), options)
                            : each.tagRaw(document.text(), options));
                }
                mentions.add(found);
            }
            double seconds = seconds(start);
            double gflops = (processed(models.models(), false) - flops) / seconds / 1e9;
            ObjectNode json = JsonNodeFactory.instance.objectNode();
            json.put("variant", variant.code()).put("description", variant.description())
                    .put("precision", variant.precision().label()).put("load_seconds", loadSeconds)
                    .put("seconds", seconds).put("docs_per_second", documents.size() / seconds)
                    .put("tokens_per_second", (processed(models.models(), true) - tokens) / seconds)
                    .put("gflops", gflops).put("percent_of_roofline", 100 * gflops / roofline)
                    .put("peak_rss_bytes", PeakMemory.peakRss());
            return Optional.of(new Measured(variant, json, mentions));
        }
    }

    private Optional<Loaded> load(BenchVariant variant) throws Exception {
        ModelKey snapshot = new ModelKey(directory, null);
        return switch (variant.engine()) {
            case PROGRAM -> Optional.of(one(NerModel.load(snapshot.on(variant.precision(), snapshot.device()))));
            case REFERENCE -> Optional.of(one(NerModel.loadReference(snapshot)));
            case EXPORT -> Optional.of(one(NerModel.load(directory, required(settings.torchScript(), variant,
                    "--torchscript FILE"))));
            case THREE_MODELS -> Optional.of(new Loaded(List.of(NerModel.load(snapshot), NerModel.load(snapshot),
                    NerModel.load(snapshot)), List.of()));
            case CHECKPOINT -> Optional.of(one(NerModel.load(ModelKey.checkpoint(required(settings.checkpoint(),
                    variant, "--checkpoint FILE.pt"), settings.baseModel(), List.of(), Map.of()))));
            case ONNX_RUNTIME -> peer();
        };
    }

    private static Loaded one(NerModel model) {
        return new Loaded(List.of(model), List.of());
    }

    private static <T> T required(T value, BenchVariant variant, String option) {
        if (value == null) {
            throw new IllegalArgumentException("variant " + variant.code() + " needs " + option);
        }
        return value;
    }

    /** The peer engine on the snapshot, with the snapshot's tokenizer and labels; empty when none is found. */
    private Optional<Loaded> peer() throws Exception {
        Optional<BenchPeer> found = ServiceLoader.load(BenchPeer.class).findFirst();
        if (found.isEmpty()) {
            System.err.println("variant O skipped: no peer engine on the class path (tools/bench.sh runs the bench"
                    + " with ONNX Runtime)");
            return Optional.empty();
        }
        Path work = Files.createTempDirectory("clinner-peer-");
        List<AutoCloseable> resources = new ArrayList<>();
        resources.add(() -> FileUtils.deleteDirectory(work.toFile()));
        try {
            TokenClassifier classifier = found.get().load(directory, work, settings.threads());
            resources.add(0, classifier);
            SubwordTokenizer tokenizer = SubwordTokenizer.load(directory.resolve(SnapshotFiles.TOKENIZER));
            resources.add(0, tokenizer);
            ModelConfig config = ModelConfig.read(directory.resolve(SnapshotFiles.CONFIG));
            System.err.println("variant O: " + found.get().name());
            return Optional.of(new Loaded(List.of(NerModel.view(config, LabelScheme.of(config.labels(),
                    directory.resolve(SnapshotFiles.CONFIG)), tokenizer, classifier)), resources));
        } catch (Exception | Error e) {
            new Loaded(List.of(), resources).close();
            throw e;
        }
    }

    /** Adds the speed-ups and span agreements to every variant's figures. */
    private static void compare(List<Measured> runs) {
        Measured baseline = find(runs, BenchVariant.O).or(() -> find(runs, BenchVariant.A)).orElse(null);
        for (Measured run : runs) {
            if (baseline != null) {
                run.json().put("baseline", baseline.variant().code()).put("speedup",
                        docsPerSecond(run) / docsPerSecond(baseline));
            }
            Optional<Measured> reference = switch (run.variant()) {
                case R, C_BF16, C_INT8, D -> find(runs, BenchVariant.C);
                case A -> find(runs, BenchVariant.O);
                case B -> find(runs, BenchVariant.A);
                default -> Optional.empty();
            };
            reference.ifPresent(r -> agreement(run.json(), r, run.mentions()));
        }
    }

    /**
     * How many of a reference's spans a run found, of the union, and in how many documents exactly its
     * spans (confidences aside).
     */
    private static void agreement(ObjectNode json, Measured reference, List<List<Mention>> mentions) {
        Set<List<Object>> expected = spans(reference.mentions());
        Set<List<Object>> found = spans(mentions);
        Set<List<Object>> union = new HashSet<>(expected);
        union.addAll(found);
        Set<List<Object>> shared = new HashSet<>(expected);
        shared.retainAll(found);
        int identical = 0;
        for (int d = 0; d < mentions.size(); d++) {
            identical += spans(List.of(mentions.get(d))).equals(spans(List.of(reference.mentions().get(d)))) ? 1 : 0;
        }
        json.putObject("spans_vs_" + reference.variant().code()).put("reference_spans", expected.size())
                .put("spans", found.size()).put("shared", shared.size())
                .put("percent_of_reference", 100.0 * shared.size() / Math.max(1, expected.size()))
                .put("percent_of_union", 100.0 * shared.size() / Math.max(1, union.size()))
                .put("identical_documents", identical);
    }

    private static Set<List<Object>> spans(List<List<Mention>> mentions) {
        Set<List<Object>> spans = new HashSet<>();
        for (int d = 0; d < mentions.size(); d++) {
            for (Mention mention : mentions.get(d)) {
                spans.add(List.of(d, mention.begin(), mention.end(), mention.label()));
            }
        }
        return spans;
    }

    private static Optional<Measured> find(List<Measured> runs, BenchVariant variant) {
        return runs.stream().filter(r -> r.variant() == variant).findFirst();
    }

    private static double docsPerSecond(Measured run) {
        return run.json().path("docs_per_second").asDouble();
    }

    private static long processed(List<NerModel> models, boolean tokens) {
        return models.stream().mapToLong(m -> tokens ? m.classifier().tokensProcessed()
                : m.classifier().flopsProcessed()).sum();
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
