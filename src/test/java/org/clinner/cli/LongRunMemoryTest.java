package org.clinner.cli;

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
import java.util.Map;
import java.util.stream.Stream;

/**
 * The short CI version of the soak ({@code tools/soak.sh}): 2,000 documents (the 250 MedProcNER test
 * documents eight times) through the command line in a JVM of its own; its memory log must show no
 * growth after warm-up: RSS (native memory included) and the heap left after garbage collection at
 * the end stay within 5 % of their values at 1,000 documents. The warm-up (JIT-compiled code,
 * allocator arenas, kernels for new shapes) takes RSS up by about 10 % over the first 1,000
 * documents; the 10,000-document soak shows it flat after that.
 */
class LongRunMemoryTest {

    private static final String MODEL = TestSnapshots.PARITY.resolve("model-f32").toString();

    @TempDir
    Path temp;

    @Test
    @NeedsSharedData("test/txt")
    void memoryStaysFlatAfterWarmUp() throws Exception {
        Path corpus = SharedData.medprocner().resolve("test/txt");
        Path input = Files.createDirectories(temp.resolve("input"));
        for (int copy = 1; copy <= 8; copy++) {
            Path folder = Files.createDirectories(input.resolve("copy-" + copy));
            try (Stream<Path> files = Files.list(corpus)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Files.copy(file, folder.resolve(file.getFileName()));
                }
            }
        }
        Path log = temp.resolve("memory.csv");
        CliProcess.Outcome outcome = CliProcess.run(List.of(), List.of("-Xmx256m"), Map.of(), "annotate", "--input",
                input.toString(), "--output", temp.resolve("out.tsv").toString(), "--model", MODEL, "--memory-log",
                log.toString());
        assertEquals(ExitCode.OK, outcome.exitCode(), outcome.err());
        List<String> lines = Files.readAllLines(log);
        assertEquals(MemoryLog.HEADER, lines.get(0));
        assertEquals(21, lines.size(), "a line every 100 of 2,000 documents");
        long[] warm = sample(lines.get(10));
        long[] last = sample(lines.get(20));
        assertEquals(1000, warm[0]);
        assertEquals(2000, last[0]);
        System.out.printf("memory at 1000 / 2000 documents: RSS %d / %d MB, heap after GC %d / %d MB%n",
                warm[2] >> 20, last[2] >> 20, warm[5] >> 20, last[5] >> 20);
        assertTrue(last[2] <= warm[2] * 1.05, "RSS grew from " + warm[2] + " to " + last[2]);
        assertTrue(last[5] <= Math.max(warm[5] * 1.05, warm[5] + (8 << 20)),
                "heap after GC grew from " + warm[5] + " to " + last[5]);
    }

    private static long[] sample(String line) {
        String[] fields = line.split(",");
        long[] values = new long[fields.length];
        for (int i = 0; i < fields.length; i++) {
            values[i] = i == 1 ? 0 : Long.parseLong(fields[i]);
        }
        return values;
    }
}
