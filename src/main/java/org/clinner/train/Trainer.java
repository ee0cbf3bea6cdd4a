package org.clinner.train;

import org.clinner.eval.MultiClinAiScorer;
import org.clinner.eval.ScoreReport;
import org.clinner.format.DocumentRows;
import org.clinner.format.MultiClinAiRow;
import org.clinner.model.NerModel;
import org.clinner.model.nn.DjlRuntime;
import org.clinner.model.tagging.Mention;
import org.clinner.model.tagging.TaggingOptions;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.PolynomialDecayTracker;
import ai.djl.training.tracker.Tracker;
import ai.djl.training.tracker.WarmUpTracker;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Fine-tunes a {@link TrainableModel} for token classification: sentences of words with BIO labels
 * on their first sub-token, length-sorted token-budget batches in shuffled order, cross-entropy,
 * AdamW with linear warm-up and linear decay, global gradient-norm clipping, and an evaluation on
 * the dev documents after every epoch with the MultiClinAI scorer. The epoch with the best dev
 * strict F1 is the one saved.
 */
public final class Trainer {

    /** Told about the run as it goes. */
    public interface Listener {
        /**
         * A training step is done.
         *
         * @param step steps done so far
         * @param totalSteps steps of the whole run
         * @param loss the batch's mean loss
         */
        void step(int step, int totalSteps, float loss);

        /**
         * An epoch is done and evaluated.
         *
         * @param epoch the epoch (1-based)
         * @param meanLoss mean training loss of the epoch
         * @param dev the dev evaluation, or null without dev documents
         * @param best whether this epoch is the best so far (and was saved)
         */
        void epoch(int epoch, double meanLoss, ScoreReport dev, boolean best);
    }

    /**
     * What a run achieved.
     *
     * @param bestEpoch the epoch that was saved
     * @param dev its dev evaluation, or null without dev documents
     * @param steps training steps done
     * @param skippedSteps steps whose gradients were not finite, so the weights were left alone
     * @param firstLoss mean loss of the first epoch
     * @param lastLoss mean loss of the last epoch
     */
    public record Result(int bestEpoch, ScoreReport dev, int steps, int skippedSteps, double firstLoss,
            double lastLoss) {}

    private static final NDIndex ALL = new NDIndex("...");

    private Trainer() {}

    /**
     * Trains and saves the best epoch.
     *
     * @param model the model to train (its weights change)
     * @param train the training documents
     * @param dev the dev documents (may be empty: then the last epoch is saved)
     * @param settings hyper-parameters
     * @param output the snapshot directory to write
     * @param listener told about progress
     * @return the result
     * @throws IOException when the snapshot cannot be written
     */
    public static Result train(TrainableModel model, List<TrainingDocument> train, List<TrainingDocument> dev,
            TrainingSettings settings, Path output, Listener listener) throws IOException {
        List<EncodedSentence> sentences = new ArrayList<>();
        for (TrainingDocument document : train) {
            sentences.addAll(EncodedSentence.of(document, model.tokenizer(), model.labels(), settings.maxLength()));
        }
        List<List<EncodedSentence>> batches = batches(sentences, settings.tokenBudget());
        int totalSteps = Math.max(1, batches.size() * settings.epochs());
        Tracker schedule = WarmUpTracker.builder()
                .optWarmUpSteps(Math.max(1, (int) (totalSteps * settings.warmupFraction())))
                .setMainTracker(PolynomialDecayTracker.builder().setBaseValue(settings.learningRate())
                        .setEndLearningRate(0f).setDecaySteps(totalSteps).optPower(1f).build())
                .build();
        Optimizer decayed = Optimizer.adamW().optLearningRateTracker(schedule)
                .optWeightDecays(settings.weightDecay()).build();
        Optimizer plain = Optimizer.adamW().optLearningRateTracker(schedule).optWeightDecays(0f).build();
        Random random = new Random(settings.seed());
        int step = 0;
        int skipped = 0;
        int bestEpoch = 0;
        ScoreReport bestDev = null;
        double firstLoss = Double.NaN;
        double lastLoss = Double.NaN;
        for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
            Collections.shuffle(batches, random);
            double lossSum = 0;
            int updated = 0;
            for (List<EncodedSentence> batch : batches) {
                float loss = step(model, batch, settings);
                if (clipAndUpdate(model.parameters(), settings.clipNorm(), decayed, plain)) {
                    lossSum += loss;
                    updated++;
                } else {
                    skipped++;
                }
                listener.step(++step, totalSteps, loss);
            }
            lastLoss = lossSum / Math.max(1, updated);
            firstLoss = epoch == 1 ? lastLoss : firstLoss;
            ScoreReport report = dev.isEmpty() ? null : evaluate(model, dev);
            boolean best = report == null ? epoch == settings.epochs()
                    : bestDev == null || strictF1(report) > strictF1(bestDev);
            if (best) {
                bestEpoch = epoch;
                bestDev = report;
                model.save(output);
            }
            listener.epoch(epoch, lastLoss, report, best);
        }
        return new Result(bestEpoch, bestDev, step, skipped, firstLoss, lastLoss);
    }

    private static double strictF1(ScoreReport report) {
        return report.strictF1() == null ? 0 : report.strictF1();
    }

    /** Length-sorted batches of at most {@code budget} padded tokens (always at least one sentence). */
    static List<List<EncodedSentence>> batches(List<EncodedSentence> sentences, int budget) {
        List<EncodedSentence> sorted = new ArrayList<>(sentences);
        sorted.sort(Comparator.comparingInt((EncodedSentence s) -> s.ids().length));
        List<List<EncodedSentence>> batches = new ArrayList<>();
        List<EncodedSentence> current = new ArrayList<>();
        for (EncodedSentence sentence : sorted) {
            if (!current.isEmpty() && (current.size() + 1) * sentence.ids().length > budget) {
                batches.add(current);
                current = new ArrayList<>();
            }
            current.add(sentence);
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }

    /** Forward, cross-entropy over labelled tokens, backward; returns the mean loss. */
    private static float step(TrainableModel model, List<EncodedSentence> batch, TrainingSettings settings) {
        List<long[]> ids = new ArrayList<>(batch.size());
        int width = 0;
        for (EncodedSentence sentence : batch) {
            ids.add(sentence.ids());
            width = Math.max(width, sentence.ids().length);
        }
        int labels = model.labels().size();
        float[] target = new float[batch.size() * width * labels];
        int count = 0;
        for (int r = 0; r < batch.size(); r++) {
            int[] tokenLabels = batch.get(r).labels();
            for (int t = 0; t < tokenLabels.length; t++) {
                if (tokenLabels[t] >= 0) {
                    target[(r * width + t) * labels + tokenLabels[t]] = 1f;
                    count++;
                }
            }
        }
        try (NDManager manager = NDManager.newBaseManager(DjlRuntime.engine().getEngineName());
                GradientCollector collector = DjlRuntime.engine().newGradientCollector()) {
            NDArray logits = model.forward(manager, ids, settings.dropout());
            NDArray targets = manager.create(target, new Shape(batch.size(), width, labels));
            NDArray loss = logits.logSoftmax(-1).mul(targets).sum().neg().div(Math.max(1, count));
            collector.backward(loss);
            return loss.getFloat();
        }
    }

    /**
     * Scales all gradients to a global norm of at most {@code clipNorm} and applies AdamW; a step
     * whose gradients are not finite is skipped (an overflow must not poison the weights). The
     * gradients are then set to zero (libtorch accumulates them).
     *
     * @return whether the weights were updated
     */
    private static boolean clipAndUpdate(Map<String, NDArray> parameters, float clipNorm, Optimizer decayed,
            Optimizer plain) {
        DjlRuntime.disableGradOnThisThread();
        double squares = 0;
        for (NDArray parameter : parameters.values()) {
            try (NDArray gradient = parameter.getGradient(); NDArray square = gradient.square();
                    NDArray sum = square.sum()) {
                squares += sum.getFloat();
            }
        }
        double norm = Math.sqrt(squares);
        boolean finite = Double.isFinite(norm);
        float scale = norm > clipNorm ? (float) (clipNorm / (norm + 1e-6)) : 1f;
        for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
            NDArray parameter = entry.getValue();
            try (NDArray gradient = parameter.getGradient()) {
                if (finite) {
                    if (scale < 1f) {
                        gradient.muli(scale);
                    }
                    boolean decays = entry.getKey().endsWith(".weight") && !entry.getKey().contains("LayerNorm")
                            && !entry.getKey().contains("embeddings");
                    (decays ? decayed : plain).update(entry.getKey(), parameter, gradient);
                }
                gradient.set(ALL, 0f);
            }
        }
        return finite;
    }

    /**
     * Tags documents in words mode with the model's current weights and scores them.
     *
     * @param model the model
     * @param documents documents with gold entities
     * @return the MultiClinAI scores over all labels
     */
    public static ScoreReport evaluate(TrainableModel model, List<TrainingDocument> documents) {
        NerModel view = model.inferenceView();
        int maxLength = Math.min(512, view.maxLength());
        TaggingOptions options = new TaggingOptions(maxLength, Math.min(128, (maxLength - 2) / 4), 4096);
        List<MultiClinAiRow> gold = new ArrayList<>();
        List<MultiClinAiRow> predicted = new ArrayList<>();
        for (TrainingDocument document : documents) {
            DocumentRows rows = new DocumentRows(document.name(), document.text());
            for (BioLabeler.Entity entity : document.gold()) {
                gold.add(rows.row(entity.begin(), entity.end(), entity.type()));
            }
            for (Mention mention : view.tagWords(document.text(), document.sentences(), options)) {
                predicted.add(rows.row(mention.begin(), mention.end(), mention.label()));
            }
        }
        return MultiClinAiScorer.score(gold, predicted, null);
    }
}
