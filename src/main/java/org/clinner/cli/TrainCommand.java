package org.clinner.cli;

import org.clinner.eval.ScoreReport;
import org.clinner.frontend.ExitCode;
import org.clinner.frontend.PipelineOptions;
import org.clinner.io.AtomicFiles;
import org.clinner.model.nn.DjlRuntime;
import org.clinner.model.snapshot.ModelConfig;
import org.clinner.model.snapshot.ModelLoadException;
import org.clinner.model.snapshot.SnapshotFiles;
import org.clinner.model.tagging.InvalidSettingException;
import org.clinner.train.CorpusReader;
import org.clinner.train.TrainableModel;
import org.clinner.train.Trainer;
import org.clinner.train.TrainingDocument;
import org.clinner.train.TrainingSettings;
import org.clinner.train.UnigramTokenizerTrainer;
import org.clinner.uima.ClinnerPipeline;
import org.clinner.uima.PipelineSettings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/** {@code clinner train}: a token classifier from texts and gold spans, saved as a Hugging Face snapshot. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Trains an XLM-RoBERTa token classifier (BIO labels) on a folder of .txt files and their gold spans",
            "(a MultiClinAI TSV and/or brat .ann files), from scratch (a new Unigram tokenizer and a model of the",
            "given size) or from a snapshot (--init, e.g. xlm-roberta-base or a DT4H model, keeping its tokenizer).",
            "Words and sentences come from the segmenter of words mode; the best epoch on the dev documents",
            "(MultiClinAI strict F1) is saved to --output as config.json, model.safetensors and the tokenizer files."})
final class TrainCommand implements Callable<Integer> {

    private static final String COMMAND = "clinner train";

    /** The file beside the snapshot that records how it was trained. */
    static final String REPORT_FILE = "training_report.json";
    private static final ObjectMapper REPORT = new ObjectMapper();

    @Option(names = "--input", required = true, description = "Folder of .txt documents (recursive).")
    private Path input;

    @Option(names = "--gold", description = "MultiClinAI TSV of gold spans (code point offsets).")
    private Path gold;

    @Option(names = "--ann", description = "Folder of brat .ann files named like the texts.")
    private Path ann;

    @Option(names = "--output", required = true, description = "Snapshot directory to write.")
    private Path output;

    @Option(names = "--init", description = "Snapshot to fine-tune (its tokenizer is kept); default: from scratch.")
    private Path init;

    @Option(names = "--dev-docs", defaultValue = "100",
            description = "Documents held out for dev evaluation. Default: ${DEFAULT-VALUE}.")
    private int devDocs;

    @Option(names = "--epochs", defaultValue = "10", description = "Default: ${DEFAULT-VALUE}.")
    private int epochs;

    @Option(names = "--lr", defaultValue = "5e-4", description = "Peak learning rate. Default: ${DEFAULT-VALUE}.")
    private float learningRate;

    @Option(names = "--warmup", defaultValue = "0.1",
            description = "Warm-up share of the steps. Default: ${DEFAULT-VALUE}.")
    private float warmup;

    @Option(names = "--weight-decay", defaultValue = "0.01", description = "Default: ${DEFAULT-VALUE}.")
    private float weightDecay;

    @Option(names = "--dropout", defaultValue = "0.1", description = "Default: ${DEFAULT-VALUE}.")
    private float dropout;

    @Option(names = "--batch-tokens", defaultValue = "4096",
            description = "Padded tokens per batch. Default: ${DEFAULT-VALUE}.")
    private int batchTokens;

    @Option(names = "--clip", defaultValue = "1.0", description = "Gradient norm limit. Default: ${DEFAULT-VALUE}.")
    private float clip;

    @Option(names = "--max-length", defaultValue = "512",
            description = "Longest training sequence. Default: ${DEFAULT-VALUE}.")
    private int maxLength;

    @Option(names = "--seed", defaultValue = "13", description = "Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Option(names = "--language", defaultValue = "es", description = "Segmenter language. Default: ${DEFAULT-VALUE}.")
    private String language;

    @Option(names = "--vocab-size", defaultValue = "8000",
            description = "New tokenizer's vocabulary. Default: ${DEFAULT-VALUE}.")
    private int vocabSize;

    @Option(names = "--hidden", defaultValue = "256",
            description = "New model's hidden size. Default: ${DEFAULT-VALUE}.")
    private int hidden;

    @Option(names = "--layers", defaultValue = "4", description = "New model's layers. Default: ${DEFAULT-VALUE}.")
    private int layers;

    @Option(names = "--heads", defaultValue = "4",
            description = "New model's attention heads. Default: ${DEFAULT-VALUE}.")
    private int heads;

    @Option(names = "--intermediate", defaultValue = "1024",
            description = "New model's feed-forward width. Default: ${DEFAULT-VALUE}.")
    private int intermediate;

    @Option(names = "--threads", defaultValue = "0", description = "libtorch threads; 0 uses all CPUs.")
    private int threads;

    @Override
    public Integer call() throws Exception {
        if (gold == null && ann == null) {
            return ExitCode.usage(COMMAND, "give --gold and/or --ann");
        }
        if (!Files.isDirectory(input)) {
            return ExitCode.usage(COMMAND, "--input " + input + " is not a folder");
        }
        DjlRuntime.setIntraOpThreads(threads);
        long start = System.nanoTime();
        Split split;
        try {
            ClinnerPipeline segmentation = new ClinnerPipeline(PipelineSettings.defaults(language));
            split = split(CorpusReader.read(input, gold, ann, segmentation));
        } catch (InvalidSettingException e) {
            return ExitCode.usage(COMMAND, PipelineOptions.asOption(e).getMessage());
        }
        List<String> labels = labels(split.train());
        System.err.printf("%d documents: %d for training, %d for dev; labels %s%n", split.documents(),
                split.train().size(), split.dev().size(), labels);
        Files.createDirectories(output);
        try (TrainableModel model = init != null ? TrainableModel.fromSnapshot(init, labels, seed)
                : fromScratch(split.train(), labels)) {
            TrainingSettings settings = new TrainingSettings(epochs, learningRate, warmup, weightDecay, dropout,
                    batchTokens, clip, Math.min(maxLength, model.config().maxSequenceLength()), seed);
            EpochLog log = new EpochLog();
            Trainer.Result result;
            try (Progress progress = Progress.start("train", "steps", -1)) {
                log.progress = progress;
                result = Trainer.train(model, split.train(), split.dev(), settings, output, log);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            writeReport(split, settings, log.epochs, result, seconds);
            System.err.printf("trained in %.0f s: %d steps (%d skipped: gradients not finite), loss %.4f -> %.4f,"
                            + " best epoch %d, snapshot %s (%d bytes of weights)%n",
                    seconds, result.steps(), result.skippedSteps(), result.firstLoss(), result.lastLoss(),
                    result.bestEpoch(), output, Files.size(output.resolve(SnapshotFiles.WEIGHTS)));
            return ExitCode.OK;
        } catch (ModelLoadException e) {
            return ExitCode.usage(COMMAND, e.getMessage());
        }
    }

    /** The corpus split into dev and training documents, a seeded random choice. */
    private record Split(int documents, List<TrainingDocument> dev, List<TrainingDocument> train) {}

    private Split split(List<TrainingDocument> documents) {
        List<TrainingDocument> shuffled = new ArrayList<>(documents);
        Collections.shuffle(shuffled, new Random(seed));
        int dev = Math.min(devDocs, Math.max(0, shuffled.size() - 1));
        return new Split(documents.size(), shuffled.subList(0, dev), shuffled.subList(dev, shuffled.size()));
    }

    /** Shows the loss as training goes, prints each epoch's dev scores and records them for the report. */
    private static final class EpochLog implements Trainer.Listener {
        private final ArrayNode epochs = REPORT.createArrayNode();
        private Progress progress;

        @Override
        public void step(int step, int totalSteps, float loss) {
            progress.message(String.format("loss %.4f", loss));
            progress.stepTo(step);
        }

        @Override
        public void epoch(int epoch, double meanLoss, ScoreReport report, boolean best) {
            ObjectNode line = epochs.addObject().put("epoch", epoch).put("mean_loss", meanLoss).put("saved", best);
            if (report != null) {
                line.set("dev", dev(report));
            }
            System.err.printf("%nepoch %d: mean loss %.4f%s%s%n", epoch, meanLoss,
                    report == null ? "" : String.format(", dev strict P/R/F1 %s/%s/%s, char F1 %.4f",
                            number(report.strictPrecision()), number(report.strictRecall()),
                            number(report.strictF1()), report.charF1()),
                    best ? " (best, saved)" : "");
        }
    }

    /** The dev scores as the official scorer reports them. */
    private static JsonNode dev(ScoreReport report) {
        try {
            return REPORT.readTree(report.toJson());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code training_report.json} beside the snapshot: settings, dev documents, per-epoch loss and scores. */
    private void writeReport(Split split, TrainingSettings settings, ArrayNode epochsJson, Trainer.Result result,
            double seconds) throws IOException {
        ObjectNode report = REPORT.createObjectNode();
        report.put("documents", split.documents());
        report.set("settings", REPORT.valueToTree(settings));
        report.put("init", init == null ? null : init.toString());
        ArrayNode dev = report.putArray("dev_documents");
        split.dev().stream().map(TrainingDocument::name).sorted().forEach(dev::add);
        report.set("epochs", epochsJson);
        report.put("best_epoch", result.bestEpoch());
        if (result.dev() != null) {
            report.set("best_dev", dev(result.dev()));
        }
        report.put("steps", result.steps());
        report.put("skipped_steps", result.skippedSteps());
        report.put("seconds", Math.round(seconds));
        AtomicFiles.write(output.resolve(REPORT_FILE),
                temp -> REPORT.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), report));
    }

    private static String number(Double value) {
        return value == null ? "0" : String.format("%.4f", value);
    }

    /** BIO labels of the entity types in the training data, sorted as the DT4H notebook sorts them. */
    private static List<String> labels(List<TrainingDocument> documents) {
        TreeSet<String> labels = new TreeSet<>();
        labels.add("O");
        documents.forEach(d -> d.gold().forEach(e -> {
            labels.add("B-" + e.type());
            labels.add("I-" + e.type());
        }));
        return List.copyOf(labels);
    }

    private TrainableModel fromScratch(List<TrainingDocument> trainSet, List<String> labels)
            throws IOException, ModelLoadException {
        UnigramTokenizerTrainer tokenizer = new UnigramTokenizerTrainer(vocabSize);
        trainSet.forEach(d -> tokenizer.addText(d.text()));
        tokenizer.write(output.resolve(SnapshotFiles.TOKENIZER));
        UnigramTokenizerTrainer.writeConfigs(output, vocabSize);
        ModelConfig config = new ModelConfig(vocabSize, hidden, layers, heads, intermediate, maxLength + 2, 1, 1e-5f, 1,
                labels);
        return TrainableModel.fromScratch(config, output, seed);
    }
}
