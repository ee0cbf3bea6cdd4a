package org.clinner.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clinner.model.nn.ComputeDevice;
import org.clinner.model.nn.Precision;
import org.clinner.model.snapshot.ModelLoadException;
import org.clinner.model.tagging.Mention;
import org.clinner.model.tagging.TaggingHead;
import org.clinner.model.tagging.TaggingOptions;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Choosing heads of a multi-task state dict, and every way its heads, encoder or labels can fail to
 * fit: each error names the file and the problem, before any weight is read.
 */
class MultiTaskLoadErrorsTest {

    private static final Path ODD = MultiTaskFixture.DIR.resolve("odd");

    private static String failure(ModelKey key, Path file) {
        ModelLoadException error = assertThrows(ModelLoadException.class, () -> NerModel.load(key).close());
        assertTrue(error.getMessage().startsWith(file.toAbsolutePath().toString()), error.getMessage());
        return error.getMessage();
    }

    private static ModelKey key(Path file, List<String> tasks, Map<String, Path> labels) {
        return ModelKey.checkpoint(file, MultiTaskFixture.BASE, tasks, labels);
    }

    @Test
    void chosenHeadsGiveTheirOwnMentionsOfTheOnePassOverAll() throws ModelLoadException {
        String text = MultiTaskFixture.expected("raw").path("special").path("text").asText();
        TaggingOptions options = new TaggingOptions(512, 128, 4096);
        List<Mention> all = MultiTaskFixture.model("multilabel.pt").tagRaw(text, options);
        try (NerModel two = NerModel.load(key(MultiTaskFixture.DIR.resolve("multilabel.pt"),
                List.of("symptom", "procedure"), Map.of()))) {
            assertEquals(List.of("procedure", "symptom"), two.heads().stream().map(TaggingHead::task).toList());
            List<Mention> chosen = two.tagRaw(text, options);
            assertEquals(ParityFixture.lines(text, all.stream().filter(m -> !m.label().equals("DISEASE")).toList()),
                    ParityFixture.lines(text, chosen));
        }
    }

    @Test
    void anUnknownTaskListsTheHeads() {
        Path file = MultiTaskFixture.DIR.resolve("multilabel.pt");
        assertTrue(failure(key(file, List.of("finding"), Map.of()), file)
                .contains("no head for task 'finding'; its heads: disease, procedure, symptom"));
    }

    @Test
    void aHeadOfOtherThanThreeLabelsNeedsItsLabelFile() {
        Path file = MultiTaskFixture.DIR.resolve("es-it-ro.pt");
        assertTrue(failure(key(file, List.of(), Map.of()), file).contains("head 'clinical_ner' has 5 labels"));
        assertTrue(failure(key(file, List.of(), Map.of("clinical", MultiTaskFixture.CLINICAL_LABELS)),
                MultiTaskFixture.CLINICAL_LABELS).contains("labels given for task 'clinical', which"));
        Path wrong = MultiTaskFixture.DIR.resolve("es-it-ro.pt");
        assertTrue(failure(key(wrong, List.of(), Map.of("disease_es_ner", MultiTaskFixture.CLINICAL_LABELS,
                "clinical_ner", MultiTaskFixture.CLINICAL_LABELS)), MultiTaskFixture.CLINICAL_LABELS)
                .contains("has 5 labels, but head 'disease_es_ner' has 3"));
    }

    @Test
    void aStateDictWithoutHeadsIsNamed() {
        Path file = ODD.resolve("no-heads.pt");
        assertTrue(failure(key(file, List.of(), Map.of()), file).contains("no classifier heads found"));
    }

    @Test
    void missingEncoderTensorsAreCountedAndNamed() {
        Path file = ODD.resolve("missing-encoder.pt");
        String message = failure(key(file, List.of(), Map.of()), file);
        assertTrue(message.contains("16 of the 43 tensors the architecture needs are missing"
                + " (encoder.encoder.layer.1.attention.self.query.weight"), message);
    }

    @Test
    void aMisshapedTensorIsNamed() {
        Path file = ODD.resolve("misshaped.pt");
        String message = failure(key(file, List.of(), Map.of()), file);
        assertTrue(message.contains("tensor 'encoder.encoder.layer.0.intermediate.dense.weight' has shape [32, 64],"
                + " expected (64, 32)"), message);
    }

    @Test
    void headsAndLabelFilesAreForStateDictsOnly() {
        Path snapshot = TestSnapshots.PARITY.resolve("model-f32");
        ModelKey key = new ModelKey(snapshot, null, null, List.of("disease"), Map.of(), Precision.FP32,
                ComputeDevice.CPU);
        assertTrue(failure(key, snapshot).contains("a single-task snapshot has one head"));
    }
}
