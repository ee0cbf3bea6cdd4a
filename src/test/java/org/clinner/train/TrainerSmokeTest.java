package org.clinner.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clinner.eval.ScoreReport;
import org.clinner.model.ModelKey;
import org.clinner.model.NerModel;
import org.clinner.model.TestSnapshots;
import org.clinner.model.nn.BatchLayout;
import org.clinner.model.snapshot.ModelConfig;
import org.clinner.model.tagging.Span;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A few training steps on a tiny model: the loss falls, and the saved snapshot reloads with the same logits. */
class TrainerSmokeTest {

    @TempDir
    Path temp;

    /** Synthetic sentences where "biopsia", "ecografía" and "colonoscopia" (with their objects) are procedures. */
    static List<TrainingDocument> corpus() {
        String[] procedures = {"biopsia hepática", "ecografía abdominal", "colonoscopia"};
        String[] fillers = {"Se realizó una", "Se solicitó una", "Ayer se hizo una"};
        List<TrainingDocument> documents = new ArrayList<>();
        for (int d = 0; d < 12; d++) {
            StringBuilder text = new StringBuilder();
            List<List<Span>> sentences = new ArrayList<>();
            List<BioLabeler.Entity> gold = new ArrayList<>();
            for (int s = 0; s < 3; s++) {
                String filler = fillers[(d + s) % fillers.length];
                String procedure = procedures[(d * 2 + s) % procedures.length];
                List<Span> words = new ArrayList<>();
                int sentenceStart = text.length();
                text.append(filler).append(' ');
                int entityStart = text.length();
                text.append(procedure);
                int entityEnd = text.length();
                text.append(" . ");
                String sentence = text.substring(sentenceStart, text.length() - 1);
                int offset = sentenceStart;
                for (String word : sentence.split(" ")) {
                    words.add(new Span(offset, offset + word.length()));
                    offset += word.length() + 1;
                }
                sentences.add(words);
                gold.add(new BioLabeler.Entity(entityStart, entityEnd, "PROCEDURE"));
            }
            documents.add(new TrainingDocument("doc" + d, text.toString(), sentences, gold));
        }
        return documents;
    }

    @Test
    void theLossFallsAndTheSavedSnapshotReloadsWithIdenticalLogits() throws Exception {
        Path tokenizer = TestSnapshots.PARITY.resolve("model-f32");
        ModelConfig config = new ModelConfig(400, 32, 2, 4, 64, 130, 1, 1e-5f, 1,
                List.of("B-PROCEDURE", "I-PROCEDURE", "O"));
        Path output = temp.resolve("trained");
        List<TrainingDocument> documents = corpus();
        List<Float> losses = new ArrayList<>();
        try (TrainableModel model = TrainableModel.fromScratch(config, tokenizer, 7)) {
            Trainer.Result result = Trainer.train(model, documents.subList(2, 12), documents.subList(0, 2),
                    new TrainingSettings(8, 3e-3f, 0.1f, 0.01f, 0.0f, 256, 1f, 128, 7), output,
                    new Trainer.Listener() {
                        @Override
                        public void step(int step, int totalSteps, float loss) {
                            losses.add(loss);
                        }

                        @Override
                        public void epoch(int epoch, double meanLoss, ScoreReport dev, boolean best) {
                        }
                    });
            assertTrue(result.lastLoss() < result.firstLoss() * 0.5, "loss " + result.firstLoss() + " -> "
                    + result.lastLoss());
            assertTrue(Files.exists(output.resolve("model.safetensors")));
            long[] sequence = model.tokenizer().sequence(model.tokenizer().encodeText(
                    "Se realizó una biopsia hepática .").ids(), 0, 6);
            float[][] inMemory = model.inferenceView().classifier()
                    .logits(BatchLayout.unpacked(List.of(sequence), 0)).get(0);
            Path saved = temp.resolve("saved");
            model.save(saved);
            // the same forward pass on the reloaded weights: bit for bit what training held
            try (NerModel reloaded = NerModel.loadReference(new ModelKey(saved, null))) {
                float[][] fromDisk = reloaded.classifier().logits(BatchLayout.unpacked(List.of(sequence), 0)).get(0);
                assertEquals(inMemory.length, fromDisk.length);
                for (int t = 0; t < inMemory.length; t++) {
                    for (int l = 0; l < inMemory[t].length; l++) {
                        assertEquals(inMemory[t][l], fromDisk[t][l], 0f, "token " + t);
                    }
                }
            }
        }
        assertTrue(losses.size() > 8);
    }

    @Test
    void fineTuningASnapshotKeepsItsTokenizerAndNewLabelsGetANewHead() throws Exception {
        Path init = TestSnapshots.writeRandomSnapshot(temp.resolve("init"), TestSnapshots.Size.TINY, 5);
        Path output = temp.resolve("tuned");
        List<String> labels = List.of("B-DISEASE", "I-DISEASE", "O");
        try (TrainableModel model = TrainableModel.fromSnapshot(init, labels, 5)) {
            assertEquals(labels, model.config().labels());
            List<TrainingDocument> documents = new ArrayList<>();
            for (TrainingDocument d : corpus()) {
                documents.add(new TrainingDocument(d.name(), d.text(), d.sentences(),
                        d.gold().stream().map(e -> new BioLabeler.Entity(e.begin(), e.end(), "DISEASE")).toList()));
            }
            Trainer.train(model, documents, List.of(),
                    new TrainingSettings(1, 1e-3f, 0.1f, 0.01f, 0.1f, 256, 1f, 128, 5),
                    output, new Trainer.Listener() {
                        @Override
                        public void step(int step, int totalSteps, float loss) {
                        }

                        @Override
                        public void epoch(int epoch, double meanLoss, ScoreReport dev, boolean best) {
                        }
                    });
        }
        assertEquals(Files.readString(init.resolve("tokenizer.json")),
                Files.readString(output.resolve("tokenizer.json")));
        try (NerModel tuned = NerModel.load(output)) {
            assertEquals(labels, tuned.config().labels());
            assertEquals(TestSnapshots.Size.TINY.hidden(), tuned.config().hiddenSize());
        }
    }
}
