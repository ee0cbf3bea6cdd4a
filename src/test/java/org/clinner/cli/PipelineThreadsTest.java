package org.clinner.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clinner.frontend.ExitCode;
import org.clinner.model.TestSnapshots;
import org.clinner.testing.NeedsSharedData;
import org.clinner.testing.SharedData;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code --threads 1} to {@code 4} on the 250 MedProcNER test documents: byte-identical TSVs, one
 * model load per run, in both modes (the fixture's tiny random model has many near-tied labels, so a
 * race or a thread-dependent batch would show).
 */
class PipelineThreadsTest {

    private static final String MODEL = TestSnapshots.PARITY.resolve("model-f32").toString();

    @TempDir
    Path temp;

    @Test
    @NeedsSharedData("test/txt")
    void everyThreadCountWritesTheSameBytes() throws Exception {
        Path input = SharedData.medprocner().resolve("test/txt");
        for (String mode : new String[] {"words", "raw"}) {
            byte[] single = null;
            for (int threads = 1; threads <= 4; threads++) {
                Path output = temp.resolve(mode + "-" + threads + ".tsv");
                Path summary = temp.resolve(mode + "-" + threads + ".json");
                CliRunner.Outcome outcome = CliRunner.run("annotate", "--input", input.toString(), "--output",
                        output.toString(), "--model", MODEL, "--mode", mode, "--threads", Integer.toString(threads),
                        "--summary", summary.toString());
                assertEquals(ExitCode.OK, outcome.exitCode(), outcome.err());
                Summary run = Summary.read(summary);
                assertEquals(250, run.documents());
                assertEquals(List.of(), run.failed());
                assertEquals(1, run.json().path("model_loads").asInt(), "one load for " + threads + " threads");
                byte[] bytes = Files.readAllBytes(output);
                if (single == null) {
                    single = bytes;
                    assertTrue(Files.readAllLines(output).size() > 250, mode + ": mentions in most documents");
                } else {
                    assertArrayEquals(single, bytes, mode + ": " + threads + " threads vs 1");
                }
            }
        }
    }
}
