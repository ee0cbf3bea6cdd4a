package org.clinner.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.clinner.cli.ClinnerCli;
import org.clinner.format.MultiClinAiTsv;
import org.clinner.model.TestSnapshots;
import org.clinner.uima.SharedModels;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * The Spark job in local mode with two task threads gives the TSV that {@code clinner annotate}
 * writes for the same documents, byte for byte, and loads the model once for the JVM.
 */
class SparkAnnotateJobTest {

    private static final String MODEL = TestSnapshots.PARITY.resolve("model-f32").toAbsolutePath().toString();

    private static SparkSession spark;

    @TempDir
    Path temp;

    @BeforeAll
    static void startSpark() {
        spark = SparkSession.builder().master("local[2]").appName("clinner-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
        ExecutorModels.releaseAll();
    }

    @Test
    void theTestDocumentsGiveTheCliTsvWithOneModelLoad() throws Exception {
        Path input = Paths.get(System.getProperty("clinner.shared.dir", "../shared"), "data", "medprocner", "test", "txt");
        assumeTrue(Files.isDirectory(input), "shared MedProcNER data absent: " + input);
        for (String mode : List.of("words", "raw")) {
            assertEquals(ClinnerCli.OK, ClinnerCli.run("annotate", "--input", input.toString(), "--output",
                    temp.resolve(mode + "-cli.tsv").toString(), "--model", MODEL, "--mode", mode));
        }
        int loads = SharedModels.loadCount();
        for (String mode : List.of("words", "raw")) {
            Path tsv = temp.resolve(mode + "-spark.tsv");
            Path parquet = temp.resolve(mode + "-parquet");
            assertEquals(ClinnerCli.OK, SparkAnnotateJob.run(spark, "--input", input.toString(), "--output", tsv.toString(),
                    "--model", MODEL, "--mode", mode, "--partitions", "5", "--parquet", parquet.toString()));
            assertArrayEquals(Files.readAllBytes(temp.resolve(mode + "-cli.tsv")), Files.readAllBytes(tsv),
                    mode + ": Spark's TSV is the CLI's");
            List<Row> rows = spark.read().parquet(parquet.toString()).collectAsList();
            assertEquals(MultiClinAiTsv.read(tsv).size(), rows.size(), "a Parquet row per TSV row");
            assertTrue(rows.stream().allMatch(r -> r.getDouble(5) > 0 && r.getDouble(5) <= 1), "confidences in (0, 1]");
        }
        // two jobs of 5 partitions on 2 task threads: one load at most (none when a test before held the model)
        assertTrue(SharedModels.loadCount() - loads <= 1, (SharedModels.loadCount() - loads) + " loads");
        assertEquals(1, SharedModels.loadedModels(), "the executor keeps its model");
    }

    @Test
    void tablesOfTextsAreAnnotatedAndAFailingRowIsListed() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("texts"));
        String first = "Se realizó una colonoscopia y una biopsia renal.";
        String second = "Tras la ecografía abdominal 😀, se indicó tratamiento.\nSin incidencias.";
        Files.writeString(folder.resolve("a.txt"), first);
        Files.writeString(folder.resolve("c.txt"), second);
        Path cli = temp.resolve("cli.tsv");
        assertEquals(ClinnerCli.OK, ClinnerCli.run("annotate", "--input", folder.toString(), "--output", cli.toString(),
                "--model", MODEL));
        Path table = Files.writeString(temp.resolve("notes.jsonl"), "{\"id\": \"a\", \"text\": \"" + first + "\"}\n"
                + "{\"id\": \"b\", \"text\": null}\n"
                + "{\"id\": \"c.txt\", \"text\": \"" + second.replace("\n", "\\n") + "\"}\n");
        Path tsv = temp.resolve("spark.tsv");
        assertEquals(ClinnerCli.SOME_FAILED, SparkAnnotateJob.run(spark, "--input", table.toString(), "--output",
                tsv.toString(), "--model", MODEL));
        assertArrayEquals(Files.readAllBytes(cli), Files.readAllBytes(tsv), "rows of a and c as the CLI writes them");
        assertEquals(ClinnerCli.USAGE, SparkAnnotateJob.run(spark, "--input", table.toString(), "--output",
                tsv.toString(), "--model", MODEL), "an existing output needs --overwrite");
        Path parquet = temp.resolve("notes.parquet");
        spark.read().json(table.toString()).write().parquet(parquet.toString());
        Path fromParquet = temp.resolve("from-parquet.tsv");
        assertEquals(ClinnerCli.SOME_FAILED, SparkAnnotateJob.run(spark, "--input", parquet.toString(), "--output",
                fromParquet.toString(), "--model", MODEL));
        assertArrayEquals(Files.readAllBytes(cli), Files.readAllBytes(fromParquet), "the same rows from a Parquet table");
        Path broken = temp.resolve("no-model");
        assertEquals(ClinnerCli.USAGE, SparkAnnotateJob.run(spark, "--input", table.toString(), "--output",
                temp.resolve("none.tsv").toString(), "--model", broken.toString()), "a model that is not there");
        assertTrue(!Files.exists(temp.resolve("none.tsv")), "no output for a failed job");
    }
}
