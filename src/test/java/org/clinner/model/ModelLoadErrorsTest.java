package org.clinner.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clinner.model.snapshot.ModelLoadException;
import org.clinner.model.snapshot.SnapshotFiles;

import ai.djl.ndarray.types.Shape;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Every way a snapshot can be broken gives an exception naming the file and the problem. */
class ModelLoadErrorsTest {

    @TempDir
    Path temp;

    private Path snapshot() throws IOException {
        return TestSnapshots.writeRandomSnapshot(temp.resolve("model"), TestSnapshots.Size.TINY, 7);
    }

    private static String failure(Path directory) {
        return assertThrows(ModelLoadException.class, () -> NerModel.load(directory).close()).getMessage();
    }

    private static void assertMentions(String message, Path file, String... parts) {
        assertTrue(message.startsWith(file.toString()), message);
        for (String part : parts) {
            assertTrue(message.contains(part), "'" + part + "' not in: " + message);
        }
    }

    @Test
    void aBrokenModelIsNotAnIoErrorSoCodeThatHandlesIoErrorsDoesNotTakeItForOne() {
        assertFalse(IOException.class.isAssignableFrom(ModelLoadException.class));
    }

    @Test
    void aGeneratedSnapshotLoads() throws Exception {
        try (NerModel model = NerModel.load(snapshot())) {
            assertEquals(List.of("B-PROCEDURE", "I-PROCEDURE", "O"), model.config().labels());
            assertEquals(512, model.maxLength());
        }
    }

    @Test
    void missingFilesAreNamed() throws IOException {
        for (String name : List.of(SnapshotFiles.CONFIG, SnapshotFiles.WEIGHTS, SnapshotFiles.TOKENIZER)) {
            Path model = TestSnapshots.writeRandomSnapshot(temp.resolve("without-" + name), TestSnapshots.Size.TINY, 1);
            Files.delete(model.resolve(name));
            assertMentions(failure(model), model.resolve(name), "missing");
        }
        assertMentions(failure(temp.resolve("nowhere")), temp.resolve("nowhere"), "not a directory");
    }

    @Test
    void truncatedWeightsAreNamed() throws IOException {
        Path model = snapshot();
        Path weights = model.resolve(SnapshotFiles.WEIGHTS);
        byte[] bytes = Files.readAllBytes(weights);
        Files.write(weights, Arrays.copyOf(bytes, bytes.length - 100));
        assertMentions(failure(model), weights, "outside", "truncated");
        Files.write(weights, Arrays.copyOf(bytes, 5));
        assertMentions(failure(model), weights, "truncated");
    }

    @Test
    void aHeaderLongerThanTheFileIsNamed() throws IOException {
        Path model = snapshot();
        Path weights = model.resolve(SnapshotFiles.WEIGHTS);
        byte[] bytes = Files.readAllBytes(weights);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, bytes.length);
        Files.write(weights, bytes);
        assertMentions(failure(model), weights, "header length");
    }

    @Test
    void aMissingTensorIsNamed() throws IOException {
        Path model = snapshot();
        Map<String, Shape> shapes = TestSnapshots.tensorShapes(TestSnapshots.Size.TINY, 3);
        shapes.remove("roberta.encoder.layer.0.attention.self.key.bias");
        TestSnapshots.writeRandomWeights(model.resolve(SnapshotFiles.WEIGHTS), shapes, 3);
        assertMentions(failure(model), model.resolve(SnapshotFiles.WEIGHTS),
                "are missing (roberta.encoder.layer.0.attention.self.key.bias)");
    }

    @Test
    void aTensorOfTheWrongShapeIsNamed() throws IOException {
        Path model = snapshot();
        Map<String, Shape> shapes = TestSnapshots.tensorShapes(TestSnapshots.Size.TINY, 3);
        shapes.put("roberta.encoder.layer.0.intermediate.dense.weight", new Shape(16, 32));
        TestSnapshots.writeRandomWeights(model.resolve(SnapshotFiles.WEIGHTS), shapes, 3);
        assertMentions(failure(model), model.resolve(SnapshotFiles.WEIGHTS),
                "'roberta.encoder.layer.0.intermediate.dense.weight' has shape [16, 32], expected (32, 16)");
    }

    @Test
    void anUnknownArchitectureIsNamed() throws IOException {
        Path model = snapshot();
        ObjectNode config = TestSnapshots.writeConfig(model, TestSnapshots.Size.TINY);
        config.put("model_type", "bert");
        TestSnapshots.writeJson(model.resolve(SnapshotFiles.CONFIG), config);
        assertMentions(failure(model), model.resolve(SnapshotFiles.CONFIG), "unsupported architecture", "bert");
    }

    @Test
    void labelsThatAreNotBioAreNamed() throws IOException {
        Path model = snapshot();
        ObjectNode config = TestSnapshots.writeConfig(model, TestSnapshots.Size.TINY);
        config.putObject("id2label").put("0", "PROCEDURE").put("1", "O").put("2", "I-PROCEDURE");
        TestSnapshots.writeJson(model.resolve(SnapshotFiles.CONFIG), config);
        assertMentions(failure(model), model.resolve(SnapshotFiles.CONFIG), "not BIO", "'PROCEDURE'");
    }

    @Test
    void id2labelIsOrderedByItsKeysNotByTheirOrderInTheFile() throws Exception {
        Path model = snapshot();
        ObjectNode config = TestSnapshots.writeConfig(model, TestSnapshots.Size.TINY);
        config.putObject("id2label").put("2", "O").put("0", "B-PROCEDURE").put("1", "I-PROCEDURE");
        TestSnapshots.writeJson(model.resolve(SnapshotFiles.CONFIG), config);
        try (NerModel loaded = NerModel.load(model)) {
            assertEquals(List.of("B-PROCEDURE", "I-PROCEDURE", "O"), loaded.config().labels());
        }
    }

    @Test
    void aTokenizerThatIsNotJsonIsNamed() throws IOException {
        Path model = snapshot();
        Files.writeString(model.resolve(SnapshotFiles.TOKENIZER), "{not json");
        assertMentions(failure(model), model.resolve(SnapshotFiles.TOKENIZER), "not a valid tokenizer");
    }
}
