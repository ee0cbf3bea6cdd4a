package org.clinner.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.clinner.cli.ClinnerCli;
import org.clinner.frontend.ExitCode;
import org.clinner.model.TestSnapshots;
import org.clinner.testing.NeedsSharedData;
import org.clinner.testing.SharedData;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The job on Spark's {@code local-cluster}: a standalone master and two workers in this JVM, each
 * running its executor in a JVM of its own (a real cluster's process layout on one machine). The TSV
 * is the CLI's, byte for byte, and each executor JVM loads the model once, however many partitions
 * it runs.
 */
class SparkClusterTest {

    private static final String MODEL = TestSnapshots.PARITY.resolve("model-f32").toAbsolutePath().toString();

    @TempDir
    Path temp;

    @Test
    @NeedsSharedData("test/txt")
    void twoExecutorJvmsWriteTheCliTsvAndLoadTheModelOnceEach() throws Exception {
        Path input = SharedData.medprocner().resolve("test/txt");
        Path cli = temp.resolve("cli.tsv");
        assertEquals(ExitCode.OK, ClinnerCli.run("annotate", "--input", input.toString(), "--output", cli.toString(),
                "--model", MODEL));

        // what a Spark distribution's home holds for a worker to launch executors: the jars come from our classpath
        Path sparkHome = temp.resolve("spark-home");
        Files.createDirectories(sparkHome.resolve("jars"));
        Files.createDirectories(sparkHome.resolve("launcher/target/scala-2.13"));
        System.setProperty("spark.testing", "true");
        System.setProperty("spark.test.home", sparkHome.toString());
        SparkSession cluster = SparkSession.builder().master("local-cluster[2,1,1024]").appName("clinner-cluster-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.executor.extraClassPath",
                        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")))
                .config("spark.executor.extraJavaOptions", System.getProperty("clinner.spark.java17.options", "")
                        + " -Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
                .getOrCreate();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (cluster.sparkContext().getExecutorMemoryStatus().size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(100); // the driver and two executors
        }
        Path summary = temp.resolve("summary.json");
        int code;
        try {
            code = SparkAnnotateJob.run(cluster, "--input", input.toString(), "--output", temp.resolve("spark.tsv")
                    .toString(),
                    "--model", MODEL, "--partitions", "8", "--summary", summary.toString());
        } finally {
            cluster.stop();
            System.clearProperty("spark.testing");
            System.clearProperty("spark.test.home");
        }
        assertEquals(ExitCode.OK, code);
        assertArrayEquals(Files.readAllBytes(cli), Files.readAllBytes(temp.resolve("spark.tsv")), "the CLI's TSV");
        List<String> executors = new ArrayList<>();
        new ObjectMapper().readTree(summary.toFile()).path("model_loads_by_executor")
                .forEach(executor -> executors.add(executor.asText()));
        // 8 partitions on 2 executors of one core: each executor JVM loads the model exactly once
        assertEquals(2, executors.size(), executors.toString());
        assertEquals(2, Set.copyOf(executors).size(), "no executor loaded the model twice: " + executors);
        assertFalse(executors.contains("driver"), "the executors are JVMs of their own: " + executors);
        System.out.println("local-cluster: model loads by executor " + executors);
    }
}
