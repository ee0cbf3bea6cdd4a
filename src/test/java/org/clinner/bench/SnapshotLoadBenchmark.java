package org.clinner.bench;

import org.clinner.model.NerModel;
import org.clinner.model.TestSnapshots;
import org.clinner.model.nn.BatchLayout;
import org.clinner.model.snapshot.SnapshotFiles;

import org.apache.commons.io.FileUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * Measures how long a snapshot of the real DT4H size (xlm-roberta-base shapes, about 1.1 GB of F32
 * weights, random values) takes to load, and to run its first 512-token forward pass. Usage:
 * {@code mvn -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=org.clinner.bench.SnapshotLoadBenchmark [-Dexec.args=DIR]}; without a directory
 * the snapshot is generated into a temporary one and deleted afterwards.
 */
public final class SnapshotLoadBenchmark {

    private SnapshotLoadBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args optional snapshot directory
     * @throws Exception when the snapshot cannot be written or loaded
     */
    public static void main(String[] args) throws Exception {
        boolean generated = args.length == 0;
        Path directory = generated ? Files.createTempDirectory("clinner-base-") : Paths.get(args[0]);
        try {
            if (generated) {
                long start = System.nanoTime();
                TestSnapshots.writeRandomSnapshot(directory.resolve("model"), TestSnapshots.Size.BASE, 42);
                directory = directory.resolve("model");
                System.out.printf("generated %s in %.1f s%n", directory, seconds(start));
            }
            long bytes = Files.size(directory.resolve(SnapshotFiles.WEIGHTS));
            long[] sequence = new long[512];
            for (int i = 0; i < sequence.length; i++) {
                sequence[i] = i == 0 ? 0 : i == sequence.length - 1 ? 2 : 5 + i % 300;
            }
            for (int run = 1; run <= 3; run++) {
                long start = System.nanoTime();
                try (NerModel model = NerModel.load(directory)) {
                    double load = seconds(start);
                    long forwardStart = System.nanoTime();
                    model.classifier().logits(BatchLayout.unpacked(List.of(sequence), 0));
                    double first = seconds(forwardStart);
                    double ready = seconds(start);
                    long secondStart = System.nanoTime();
                    model.classifier().logits(BatchLayout.unpacked(List.of(sequence), 0));
                    System.out.printf("run %d: %.2f GB snapshot loaded in %.3f s; first 512-token forward %.3f s"
                                    + " (ready in %.3f s); second forward %.3f s%n",
                            run, bytes / 1e9, load, first, ready, seconds(secondStart));
                }
            }
        } finally {
            if (generated) {
                FileUtils.deleteDirectory((directory.getParent() == null ? directory : directory.getParent()).toFile());
            }
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
