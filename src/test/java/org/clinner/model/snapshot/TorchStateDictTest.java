package org.clinner.model.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clinner.model.MultiTaskFixture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;

/**
 * {@code .pt} files as {@code torch.save} writes them, and every file that is not a state dict: a
 * pickled module, a pickle that would run {@code os.system}, the legacy format, a truncated archive,
 * not a checkpoint at all. Each error names the file and the problem, and nothing of a refused
 * pickle is built.
 */
class TorchStateDictTest {

    private static final Path ODD = MultiTaskFixture.DIR.resolve("odd");

    @TempDir
    Path temp;

    private static String failure(Path file) {
        ModelLoadException error = assertThrows(ModelLoadException.class, () -> TorchStateDict.open(file).close());
        assertTrue(error.getMessage().startsWith(file.toString()), error.getMessage());
        return error.getMessage();
    }

    @Test
    void aStateDictListsItsTensorsWithTheirTypesAndShapes() throws ModelLoadException {
        try (WeightFile file = TorchStateDict.open(MultiTaskFixture.DIR.resolve("multilabel-bf16.pt"))) {
            TensorInfo words = file.tensors().get("encoder.embeddings.word_embeddings.weight");
            assertEquals("BF16", words.dtype());
            assertEquals(TensorType.BF16, words.type());
            assertArrayEquals(new long[] {302, 32}, words.shape());
            TensorInfo positions = file.tensors().get("encoder.embeddings.position_ids");
            assertEquals("I64", positions.dtype());
            assertEquals(null, positions.type());
            assertArrayEquals(new long[] {1, 514}, positions.shape());
            assertTrue(file.tensors().containsKey("encoder.pooler.dense.weight"));
            assertEquals(List.of("encoder.embeddings.position_ids", "encoder.embeddings.word_embeddings.weight"),
                    file.tensors().keySet().stream().limit(2).toList(), "the state dict's order");
            assertEquals(0, words.position() % 64, "torch.save aligns storage records to 64 bytes");
        }
    }

    @Test
    void aPickledModuleIsRefusedByItsClassName() {
        String message = failure(ODD.resolve("module.pt"));
        assertTrue(message.contains("refused: its pickle names __main__.TinyTagger"), message);
        assertTrue(message.contains("save model.state_dict() instead"), message);
    }

    @Test
    void aPickleThatWouldRunACommandIsRefusedAndRunsNothing() {
        String message = failure(ODD.resolve("os-system.pt"));
        assertTrue(message.contains("refused: its pickle names posix.system"), message);
        assertTrue(message.contains("nothing was loaded or run"), message);
        assertFalse(Files.exists(Paths.get("/tmp/clinner-pwned")));
    }

    @Test
    void theLegacyFormatIsNamedWithWhatToDo() {
        String message = failure(ODD.resolve("legacy.pt"));
        assertTrue(message.contains("a legacy (non-zip) torch.save file"), message);
        assertTrue(message.contains("re-save it"), message);
    }

    @Test
    void aTruncatedArchiveIsNamed() throws IOException {
        byte[] whole = Files.readAllBytes(MultiTaskFixture.DIR.resolve("multilabel.pt"));
        Path truncated = Files.write(temp.resolve("truncated.pt"), Arrays.copyOf(whole, whole.length / 2));
        assertTrue(failure(truncated).contains("not a readable zip archive (truncated or corrupt?)"));
    }

    @Test
    void aFileThatIsNoCheckpointIsNamed() throws IOException {
        Path json = Files.writeString(temp.resolve("config.pt"), "{\"model_type\": \"xlm-roberta\"}");
        assertTrue(failure(json).contains("not a PyTorch checkpoint"));
        assertTrue(failure(temp.resolve("absent.pt")).contains("missing"));
    }
}
