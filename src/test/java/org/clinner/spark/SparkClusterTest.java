package org.clinner.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.clinner.cli.ClinnerCli;
import org.clinner.model.TestSnapshots;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The job on Spark's {@code local-cluster}: a standalone master and two workers in this JVM, each
 * running its executor in a JVM of its own (a real cluster's process layout on one machine). The TSV
 * is the CLI's, byte for byte, and each executor JVM loads the model once, however many partitions
 * it runs.
 */
class SparkClusterTest {

    private static final String MODEL = TestSnapshots.PARITY.resolve("model-f32").toAbsolutePath().toString();
    private static final Pattern LOADS = Pattern.compile("model loads by executor \\[([^]]*)]");

    @TempDir
    Path temp;

    @Test
    void twoExecutorJvmsWriteTheCliTsvAndLoadTheModelOnceEach() throws Exception {
        Path input = Paths.get(System.getProperty("clinner.shared.dir", "../shared"), "data", "medprocner", "test", "txt");
        assumeTrue(Files.isDirectory(input), "shared MedProcNER data absent: " + input);
        Path cli = temp.resolve("cli.tsv");
        assertEquals(ClinnerCli.OK, ClinnerCli.run("annotate", "--input", input.toString(), "--output", cli.toString(),
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
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            code = SparkAnnotateJob.run(cluster, "--input", input.toString(), "--output", temp.resolve("spark.tsv").toString(),
                    "--model", MODEL, "--partitions", "8");
        } finally {
            System.setErr(err);
            cluster.stop();
            System.clearProperty("spark.testing");
            System.clearProperty("spark.test.home");
        }
        String report = captured.toString(StandardCharsets.UTF_8);
        assertEquals(ClinnerCli.OK, code, report);
        assertArrayEquals(Files.readAllBytes(cli), Files.readAllBytes(temp.resolve("spark.tsv")), "the CLI's TSV");
        Matcher loads = LOADS.matcher(report);
        assertTrue(loads.find(), report);
        String[] executors = loads.group(1).split(", ");
        // 8 partitions on 2 executors of one core: each executor JVM loads the model exactly once
        assertEquals(2, executors.length, loads.group());
        assertEquals(2, Set.of(executors).size(), "no executor loaded the model twice: " + loads.group());
        assertFalse(Set.of(executors).contains("driver"), "the executors are JVMs of their own: " + loads.group());
        System.out.println("local-cluster: " + loads.group());
    }
}
