package org.clinner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clinner.format.MultiClinAiRow;
import org.clinner.format.MultiClinAiTsv;
import org.clinner.model.TestSnapshots;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code clinner annotate} end to end in this JVM, on the fixture's tiny model. */
class AnnotateCommandTest {

    private static final String MODEL = TestSnapshots.PARITY.resolve("model-f32").toString();

    @TempDir
    Path temp;

    private Path input() throws Exception {
        Path input = Files.createDirectories(temp.resolve("in"));
        Files.writeString(input.resolve("a.txt"), "Se realizó una colonoscopia y una biopsia.\n");
        Files.writeString(input.resolve("b.txt"), "Paciente con dolor torácico; ecografía abdominal.\n");
        return input;
    }

    @Test
    void rawModeWritesTheReferenceTsvForAFolder() throws Exception {
        Path fixture = TestSnapshots.PARITY.resolve("cli");
        for (String threads : List.of("1", "2")) {
            Path output = temp.resolve("raw-" + threads + ".tsv");
            CliRunner.Outcome outcome = CliRunner.run("annotate", "--input", fixture.resolve("input").toString(),
                    "--output", output.toString(), "--model", MODEL, "--mode", "raw", "--threads", threads);
            assertEquals(ClinnerCli.OK, outcome.exitCode(), outcome.err());
            assertEquals(Files.readString(fixture.resolve("expected-raw.tsv"), StandardCharsets.UTF_8),
                    Files.readString(output, StandardCharsets.UTF_8), threads + " threads");
        }
    }

    @Test
    void aBrokenDocumentIsListedAndTheOthersAreWritten() throws Exception {
        Path input = input();
        Files.write(input.resolve("broken.txt"), new byte[] {'a', 'b', ' ', (byte) 0xff, 'c'});
        Path output = temp.resolve("out.tsv");
        CliRunner.Outcome outcome = CliRunner.run("annotate", "--input", input.toString(), "--output", output.toString(),
                "--model", MODEL, "--mode", "raw", "--threads", "2");
        assertEquals(ClinnerCli.SOME_FAILED, outcome.exitCode(), outcome.err());
        assertTrue(outcome.err().contains("failed: broken.txt: broken.txt: not valid UTF-8: malformed byte 0xFF at byte offset 3"),
                outcome.err());
        assertTrue(outcome.err().contains("3 documents (1 failed)"), outcome.err());
        List<MultiClinAiRow> rows = MultiClinAiTsv.read(output);
        assertTrue(rows.stream().anyMatch(r -> r.filename().equals("a")), rows.toString());
        assertTrue(rows.stream().anyMatch(r -> r.filename().equals("b")), rows.toString());
        assertFalse(rows.stream().anyMatch(r -> r.filename().equals("broken")));
    }

    @Test
    void anExistingOutputNeedsOverwrite() throws Exception {
        Path output = Files.writeString(temp.resolve("out.tsv"), "keep me");
        CliRunner.Outcome outcome = CliRunner.run("annotate", "--input", input().toString(), "--output", output.toString(),
                "--model", MODEL);
        assertEquals(ClinnerCli.USAGE, outcome.exitCode());
        assertTrue(outcome.err().contains("add --overwrite"), outcome.err());
        assertEquals("keep me", Files.readString(output));
        outcome = CliRunner.run("annotate", "--input", input().toString(), "--output", output.toString(),
                "--model", MODEL, "--overwrite");
        assertEquals(ClinnerCli.OK, outcome.exitCode(), outcome.err());
        assertTrue(Files.readString(output, StandardCharsets.UTF_8).startsWith("filename\tlabel\t"));
    }

    @Test
    void aBrokenModelIsAUsageErrorBeforeAnyDocumentIsRead() throws Exception {
        Path model = TestSnapshots.writeRandomSnapshot(temp.resolve("model"), TestSnapshots.Size.TINY, 3);
        Files.delete(model.resolve("tokenizer.json"));
        Path output = temp.resolve("out.tsv");
        CliRunner.Outcome outcome = CliRunner.run("annotate", "--input", input().toString(), "--output", output.toString(),
                "--model", model.toString());
        assertEquals(ClinnerCli.USAGE, outcome.exitCode());
        assertTrue(outcome.err().contains(model.resolve("tokenizer.json") + ": missing"), outcome.err());
        assertFalse(Files.exists(output));
    }

    @Test
    void aMissingInputFolderOrBadOptionIsAUsageError() throws Exception {
        assertEquals(ClinnerCli.USAGE, CliRunner.run("annotate", "--input", temp.resolve("none").toString(),
                "--output", temp.resolve("o.tsv").toString(), "--model", MODEL).exitCode());
        assertEquals(ClinnerCli.USAGE, CliRunner.run("annotate", "--output", "o.tsv").exitCode());
        assertEquals(ClinnerCli.USAGE, CliRunner.run("annotate", "--input", input().toString(),
                "--output", temp.resolve("o.tsv").toString(), "--model", MODEL, "--mode", "sentences").exitCode());
    }

    @Test
    void anUnknownHubModelWhileOfflineSaysWhatIsMissing() throws Exception {
        CliRunner.Outcome outcome = CliRunner.run("annotate", "--input", input().toString(),
                "--output", temp.resolve("o.tsv").toString(), "--model", "nobody/not-cached-anywhere", "--offline");
        assertEquals(ClinnerCli.USAGE, outcome.exitCode());
        assertTrue(outcome.err().contains("nobody/not-cached-anywhere is not in the Hugging Face cache"), outcome.err());
    }
}
