package org.clinner.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clinner.cli.ClinnerCli;
import org.clinner.format.MultiClinAiRow;
import org.clinner.format.MultiClinAiTsv;
import org.clinner.frontend.ExitCode;
import org.clinner.model.MultiTaskFixture;
import org.clinner.model.TestSnapshots;
import org.clinner.testing.NeedsSharedData;
import org.clinner.testing.SharedData;
import org.clinner.uima.ModelSpec;
import org.clinner.uima.NerSettings;
import org.clinner.uima.SharedModels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Spark job in local mode with two task threads gives the TSV that {@code clinner annotate}
 * writes for the same documents, byte for byte, and loads the model once for the JVM.
 */
class SparkAnnotateJobTest {

    private static final String MODEL = TestSnapshots.PARITY.resolve("model-f32").toAbsolutePath().toString();

    private static final ObjectMapper JSON = new ObjectMapper();

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
    @NeedsSharedData("test/txt")
    void theTestDocumentsGiveTheCliTsvWithOneModelLoad() throws Exception {
        Path input = SharedData.medprocner().resolve("test/txt");
        for (String mode : List.of("words", "raw")) {
            assertEquals(ExitCode.OK, ClinnerCli.run("annotate", "--input", input.toString(), "--output",
                    temp.resolve(mode + "-cli.tsv").toString(), "--model", MODEL, "--mode", mode));
        }
        List<String> loads = new ArrayList<>();
        for (String mode : List.of("words", "raw")) {
            Path tsv = temp.resolve(mode + "-spark.tsv");
            Path parquet = temp.resolve(mode + "-parquet");
            Path summary = temp.resolve(mode + "-summary.json");
            assertEquals(ExitCode.OK, SparkAnnotateJob.run(spark, "--input", input.toString(), "--output",
                    tsv.toString(),
                    "--model", MODEL, "--mode", mode, "--partitions", "5", "--parquet", parquet.toString(),
                    "--summary", summary.toString()));
            assertArrayEquals(Files.readAllBytes(temp.resolve(mode + "-cli.tsv")), Files.readAllBytes(tsv),
                    mode + ": Spark's TSV is the CLI's");
            JsonNode run = JSON.readTree(summary.toFile());
            assertEquals(250, run.path("documents").asInt());
            assertEquals(0, run.path("failed").size());
            run.path("model_loads_by_executor").forEach(executor -> loads.add(executor.asText()));
            List<Row> rows = spark.read().parquet(parquet.toString()).collectAsList();
            assertEquals(MultiClinAiTsv.read(tsv).size(), rows.size(), "a Parquet row per TSV row");
            assertEquals(run.path("mentions").asLong(), rows.size());
            assertTrue(rows.stream().allMatch(r -> r.getDouble(5) > 0 && r.getDouble(5) <= 1), "confidences in (0, 1]");
        }
        // two jobs of 5 partitions on 2 task threads: one load at most (none when a test before held the model)
        assertTrue(loads.equals(List.of()) || loads.equals(List.of("driver")), loads.toString());
        int before = SharedModels.loadCount();
        try (SharedModels.Lease lease = SharedModels.acquire(ModelSpec.of(MODEL), NerSettings.DEFAULTS)) {
            assertEquals(before, SharedModels.loadCount(), "the executor keeps its model");
        }
    }

    @Test
    void severalModelsAndAStateDictGiveTheCliTsv() throws Exception {
        Path input = MultiTaskFixture.DIR.resolve("cli/input");
        String[] models = {"--model", MODEL, "--model", MultiTaskFixture.DIR.resolve("multilabel.pt").toString(),
            "--base-model", MultiTaskFixture.BASE.toString(), "--tasks", "disease,symptom", "--mode", "raw"};
        Path cli = temp.resolve("models-cli.tsv");
        List<String> args = new ArrayList<>(List.of("annotate", "--input", input.toString(), "--output",
                cli.toString()));
        args.addAll(List.of(models));
        assertEquals(ExitCode.OK, ClinnerCli.run(args.toArray(new String[0])));
        Path tsv = temp.resolve("models-spark.tsv");
        args = new ArrayList<>(List.of("--input", input.toString(), "--output", tsv.toString(), "--partitions", "2"));
        args.addAll(List.of(models));
        assertEquals(ExitCode.OK, SparkAnnotateJob.run(spark, args.toArray(new String[0])));
        assertArrayEquals(Files.readAllBytes(cli), Files.readAllBytes(tsv));
        assertEquals(java.util.Set.of("PROCEDURE", "DISEASE", "SYMPTOM"), MultiClinAiTsv.read(tsv).stream()
                .map(MultiClinAiRow::label).collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void fileNamesAreInTheCliOrderWhichIsPythonsCodePointOrder() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("names"));
        // U+E000 sorts before U+1F600 by code point (Python, UTF-8 bytes), after it by UTF-16 unit
        for (String name : List.of("a\uD83D\uDE00", "a\uE000", "b")) {
            Files.writeString(folder.resolve(name + ".txt"), "Se realizó una colonoscopia y una biopsia renal.");
        }
        Path sub = Files.createDirectories(folder.resolve("sub"));
        Files.write(sub.resolve("broken.txt"), new byte[] {'x', (byte) 0xe9});
        Path cli = temp.resolve("names-cli.tsv");
        Path cliSummary = temp.resolve("names-cli.json");
        assertEquals(ExitCode.SOME_FAILED, ClinnerCli.run("annotate", "--input", folder.toString(), "--output",
                cli.toString(), "--model", MODEL, "--summary", cliSummary.toString()));
        Path tsv = temp.resolve("names-spark.tsv");
        Path sparkSummary = temp.resolve("names-spark.json");
        assertEquals(ExitCode.SOME_FAILED, SparkAnnotateJob.run(spark, "--input", folder.toString(), "--output",
                tsv.toString(), "--model", MODEL, "--partitions", "3", "--summary", sparkSummary.toString()));
        assertArrayEquals(Files.readAllBytes(cli), Files.readAllBytes(tsv));
        JsonNode failed = JSON.readTree("[{\"document\": \"sub/broken.txt\","
                + " \"reason\": \"not valid UTF-8: malformed byte 0xE9 at byte offset 1\"}]");
        assertEquals(failed, JSON.readTree(cliSummary.toFile()).path("failed"));
        assertEquals(failed, JSON.readTree(sparkSummary.toFile()).path("failed"), "named as the CLI names it");
        assertEquals(List.of("a\uE000", "a\uD83D\uDE00", "b"),
                MultiClinAiTsv.read(tsv).stream().map(MultiClinAiRow::filename).distinct().toList());
    }

    @Test
    void tablesOfTextsAreAnnotatedAndAFailingRowIsListed() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("texts"));
        String first = "Se realizó una colonoscopia y una biopsia renal.";
        String second = "Tras la ecografía abdominal 😀, se indicó tratamiento.\nSin incidencias.";
        Files.writeString(folder.resolve("a.txt"), first);
        Files.writeString(folder.resolve("c.txt"), second);
        Path cli = temp.resolve("cli.tsv");
        assertEquals(ExitCode.OK, ClinnerCli.run("annotate", "--input", folder.toString(), "--output", cli.toString(),
                "--model", MODEL));
        Path table = Files.writeString(temp.resolve("notes.jsonl"), "{\"id\": \"a\", \"text\": \"" + first + "\"}\n"
                + "{\"id\": \"b\", \"text\": null}\n"
                + "{\"id\": \"c.txt\", \"text\": \"" + second.replace("\n", "\\n") + "\"}\n");
        Path tsv = temp.resolve("spark.tsv");
        Path summary = temp.resolve("summary.json");
        assertEquals(ExitCode.SOME_FAILED, SparkAnnotateJob.run(spark, "--input", table.toString(), "--output",
                tsv.toString(), "--model", MODEL, "--summary", summary.toString()));
        JsonNode run = JSON.readTree(summary.toFile());
        assertEquals(3, run.path("documents").asInt());
        assertEquals(JSON.readTree("[{\"document\": \"b\", \"reason\": \"the text is null\"}]"), run.path("failed"));
        assertArrayEquals(Files.readAllBytes(cli), Files.readAllBytes(tsv), "rows of a and c as the CLI writes them");
        assertEquals(ExitCode.USAGE, SparkAnnotateJob.run(spark, "--input", table.toString(), "--output",
                tsv.toString(), "--model", MODEL), "an existing output needs --overwrite");
        Path parquet = temp.resolve("notes.parquet");
        spark.read().json(table.toString()).write().parquet(parquet.toString());
        Path fromParquet = temp.resolve("from-parquet.tsv");
        assertEquals(ExitCode.SOME_FAILED, SparkAnnotateJob.run(spark, "--input", parquet.toString(), "--output",
                fromParquet.toString(), "--model", MODEL));
        assertArrayEquals(Files.readAllBytes(cli), Files.readAllBytes(fromParquet),
                "the same rows from a Parquet table");
        Path broken = temp.resolve("no-model");
        assertEquals(ExitCode.USAGE, SparkAnnotateJob.run(spark, "--input", table.toString(), "--output",
                temp.resolve("none.tsv").toString(), "--model", broken.toString()), "a model that is not there");
        assertTrue(!Files.exists(temp.resolve("none.tsv")), "no output for a failed job");
    }
}
