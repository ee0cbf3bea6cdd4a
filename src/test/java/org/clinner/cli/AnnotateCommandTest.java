package org.clinner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clinner.format.MultiClinAiRow;
import org.clinner.format.MultiClinAiTsv;
import org.clinner.frontend.ExitCode;
import org.clinner.model.TestSnapshots;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

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
            assertEquals(ExitCode.OK, outcome.exitCode(), outcome.err());
            assertEquals(Files.readString(fixture.resolve("expected-raw.tsv"), StandardCharsets.UTF_8),
                    Files.readString(output, StandardCharsets.UTF_8), threads + " threads");
        }
    }

    @Test
    void aBrokenDocumentIsListedOnceByNameAndTheOthersAreWritten() throws Exception {
        Path input = input();
        Files.write(input.resolve("broken.txt"), new byte[] {'a', 'b', ' ', (byte) 0xff, 'c'});
        Path output = temp.resolve("out.tsv");
        Path summary = temp.resolve("summary.json");
        CliRunner.Outcome outcome = CliRunner.run("annotate", "--input", input.toString(), "--output",
                output.toString(),
                "--model", MODEL, "--mode", "raw", "--threads", "2", "--summary", summary.toString());
        assertEquals(ExitCode.SOME_FAILED, outcome.exitCode(), outcome.err());
        String reason = "not valid UTF-8: malformed byte 0xFF at byte offset 3";
        Summary run = Summary.read(summary);
        assertEquals(3, run.documents());
        assertEquals(List.of("broken.txt: " + reason), run.failed());
        assertEquals(List.of("failed: broken.txt: " + reason),
                outcome.err().lines().filter(line -> line.startsWith("failed: ")).toList());
        List<MultiClinAiRow> rows = MultiClinAiTsv.read(output);
        assertEquals(Set.of("a", "b"), rows.stream().map(MultiClinAiRow::filename).collect(Collectors.toSet()));
        assertEquals(rows.size(), run.mentions());
    }

    @Test
    void existingXmiFilesNeedOverwriteAndNothingIsWrittenWithout() throws Exception {
        Path input = input();
        Path xmi = Files.createDirectories(temp.resolve("xmi"));
        Path kept = Files.writeString(xmi.resolve("a.xmi"), "keep me");
        Path output = temp.resolve("out.tsv");
        String[] args = {"annotate", "--input", input.toString(), "--output", output.toString(), "--model", MODEL,
            "--xmi", xmi.toString()};
        CliRunner.Outcome outcome = CliRunner.run(args);
        assertEquals(ExitCode.USAGE, outcome.exitCode(), outcome.err());
        assertTrue(outcome.err().contains(kept + " exists; add --overwrite"), outcome.err());
        assertEquals("keep me", Files.readString(kept));
        assertFalse(Files.exists(output), "no document was read");
        assertFalse(Files.exists(xmi.resolve("b.xmi")), "no document was read");

        String[] replace = Arrays.copyOf(args, args.length + 1);
        replace[args.length] = "--overwrite";
        outcome = CliRunner.run(replace);
        assertEquals(ExitCode.OK, outcome.exitCode(), outcome.err());
        assertTrue(Files.readString(kept).startsWith("<?xml"), "a.xmi replaced");
        assertTrue(Files.isRegularFile(xmi.resolve("b.xmi")));
    }

    @Test
    void anXmiTargetThatIsAFileStopsTheRunBeforeAnyDocument() throws Exception {
        Path notAFolder = Files.writeString(temp.resolve("xmi"), "a file");
        Path output = temp.resolve("out.tsv");
        CliRunner.Outcome outcome = CliRunner.run("annotate", "--input", input().toString(), "--output",
                output.toString(), "--model", MODEL, "--xmi", notAFolder.toString());
        assertEquals(ExitCode.USAGE, outcome.exitCode(), outcome.err());
        assertTrue(outcome.err().contains("clinner annotate: targetLocation names " + notAFolder
                + ", which is not a folder"), outcome.err());
        assertFalse(Files.exists(output));
    }

    @Test
    void anExistingOutputNeedsOverwrite() throws Exception {
        Path output = Files.writeString(temp.resolve("out.tsv"), "keep me");
        CliRunner.Outcome outcome = CliRunner.run("annotate", "--input", input().toString(), "--output",
                output.toString(),
                "--model", MODEL);
        assertEquals(ExitCode.USAGE, outcome.exitCode());
        assertTrue(outcome.err().contains("add --overwrite"), outcome.err());
        assertEquals("keep me", Files.readString(output));
        outcome = CliRunner.run("annotate", "--input", input().toString(), "--output", output.toString(),
                "--model", MODEL, "--overwrite");
        assertEquals(ExitCode.OK, outcome.exitCode(), outcome.err());
        assertTrue(Files.readString(output, StandardCharsets.UTF_8).startsWith("filename\tlabel\t"));
    }

    @Test
    void aBrokenModelIsAUsageErrorBeforeAnyDocumentIsRead() throws Exception {
        Path model = TestSnapshots.writeRandomSnapshot(temp.resolve("model"), TestSnapshots.Size.TINY, 3);
        Files.delete(model.resolve("tokenizer.json"));
        Path output = temp.resolve("out.tsv");
        CliRunner.Outcome outcome = CliRunner.run("annotate", "--input", input().toString(), "--output",
                output.toString(),
                "--model", model.toString());
        assertEquals(ExitCode.USAGE, outcome.exitCode());
        assertTrue(outcome.err().contains(model.resolve("tokenizer.json") + ": missing"), outcome.err());
        assertFalse(Files.exists(output));
    }

    @Test
    void aMissingInputFolderOrABadOptionIsAUsageErrorNamingIt() throws Exception {
        assertUsage("--input " + temp.resolve("none") + " is not a folder", "--input", temp.resolve("none").toString());
        assertEquals(ExitCode.USAGE, CliRunner.run("annotate", "--output", "o.tsv").exitCode());
        String in = input().toString();
        assertUsage("--mode must be words or raw, not 'sentences'", "--input", in, "--mode", "sentences");
        assertUsage("--token-budget must be at least 1, not 0", "--input", in, "--token-budget", "0");
        assertUsage("--max-length must be at least 3, not 2", "--input", in, "--max-length", "2");
        assertUsage("--stride must be at least 0, not -1", "--input", in, "--stride", "-1");
        assertUsage("--threads must be at least 1, not 0", "--input", in, "--threads", "0");
        assertUsage("--intra-op-threads must be at least 0, not -2", "--input", in, "--intra-op-threads", "-2");
        assertUsage("--language must name a language, e.g. es", "--input", in, "--language", " ");
        assertUsage("--stride 126 must be less than the 126 content tokens of a window of 128", "--input", in,
                "--max-length", "128", "--stride", "126");
        assertUsage("--precision must be fp32, bf16 or int8, not 'fp16'", "--input", in, "--precision", "fp16");
        assertUsage("--device must be cpu, cuda or cuda:N, not 'gpu'", "--input", in, "--device", "gpu");
        assertUsage("--device is cuda:1, but the loaded libtorch 2.7.1 has no CUDA support (the CPU build of"
                + " pytorch-native-cpu); the README's GPU section says how to run a CUDA libtorch (PYTORCH_FLAVOR,"
                + " PYTORCH_VERSION, PYTORCH_LIBRARY_PATH)", "--input", in, "--device", "cuda:1");
        assertUsage("--precision is bf16, but the TorchScript export model-int8.pt computes in the precision it was"
                + " exported in (leave the precision at fp32)", "--input", in, "--torchscript", "model-int8.pt",
                "--precision", "bf16");
        assertFalse(Files.exists(temp.resolve("o.tsv")));
    }

    private void assertUsage(String message, String... args) {
        List<String> all = new ArrayList<>(List.of("annotate", "--output", temp.resolve("o.tsv").toString(),
                "--model", MODEL));
        all.addAll(List.of(args));
        CliRunner.Outcome outcome = CliRunner.run(all.toArray(new String[0]));
        assertEquals(ExitCode.USAGE, outcome.exitCode(), outcome.err());
        assertTrue(outcome.err().contains("clinner annotate: " + message + "\n"), outcome.err());
    }

    @Test
    void anUnknownHubModelWhileOfflineSaysWhatIsMissing() throws Exception {
        CliRunner.Outcome outcome = CliRunner.run("annotate", "--input", input().toString(),
                "--output", temp.resolve("o.tsv").toString(), "--model", "nobody/not-cached-anywhere", "--offline");
        assertEquals(ExitCode.USAGE, outcome.exitCode());
        assertTrue(outcome.err().contains("nobody/not-cached-anywhere (revision main) is not in the Hugging Face"
                + " cache"),
                outcome.err());
    }
}
