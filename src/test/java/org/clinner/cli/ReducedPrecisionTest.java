package org.clinner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clinner.format.MultiClinAiRow;
import org.clinner.format.MultiClinAiTsv;
import org.clinner.frontend.ExitCode;
import org.clinner.testing.NeedsSharedData;
import org.clinner.testing.SharedData;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * bf16 and int8 keep the built-in model's float32 spans: at least 99.5 % of them on the 250
 * MedProcNER test documents, through {@code clinner annotate --precision}.
 */
class ReducedPrecisionTest {

    @TempDir
    Path temp;

    private Set<List<Object>> spans(String precision) throws Exception {
        Path output = temp.resolve(precision + ".tsv");
        CliRunner.Outcome outcome = CliRunner.run("annotate", "--input",
                SharedData.medprocner().resolve("test/txt").toString(), "--output", output.toString(),
                "--precision", precision);
        assertEquals(ExitCode.OK, outcome.exitCode(), outcome.err());
        Set<List<Object>> spans = new HashSet<>();
        for (MultiClinAiRow row : MultiClinAiTsv.read(output)) {
            spans.add(List.of(row.filename(), row.label(), row.start(), row.end()));
        }
        return spans;
    }

    @Test
    @NeedsSharedData("test/txt")
    void bf16AndInt8KeepTheFloat32Spans() throws Exception {
        Set<List<Object>> fp32 = spans("fp32");
        assertEquals(3503, fp32.size(), "the float32 spans of the built-in model (as the NDArray path found them)");
        for (String precision : List.of("bf16", "int8")) {
            Set<List<Object>> reduced = spans(precision);
            Set<List<Object>> kept = new HashSet<>(fp32);
            kept.retainAll(reduced);
            double percent = 100.0 * kept.size() / fp32.size();
            System.out.printf("%s keeps %d of the %d float32 spans (%.2f %%), and finds %d%n", precision,
                    kept.size(), fp32.size(), percent, reduced.size());
            // measured on an AVX2 EPYC (7-bit int8 activations): bf16 99.91 %, int8 99.66 %
            assertTrue(percent >= 99.5, precision + " keeps " + percent + " %");
        }
    }
}
