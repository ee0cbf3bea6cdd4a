package org.clinner.spark;

import static org.apache.spark.sql.functions.col;

import org.clinner.format.MultiClinAiRow;
import org.clinner.format.MultiClinAiTsv;
import org.clinner.frontend.ExitCode;
import org.clinner.frontend.PipelineOptions;
import org.clinner.frontend.RunReport;
import org.clinner.model.tagging.InvalidSettingException;
import org.clinner.uima.DocumentFailure;
import org.clinner.uima.PipelineSettings;
import org.clinner.uima.RunResult;

import com.fasterxml.jackson.databind.node.ArrayNode;

import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.CollectionAccumulator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Iterator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The ClinNER pipeline as a Spark job ({@code spark-submit --class org.clinner.spark.SparkAnnotateJob
 * clinner.jar ...}): documents from a folder of {@code .txt} files or a Parquet/JSON Lines table of
 * {@code id} and {@code text}, mentions to one MultiClinAI TSV (sorted, written atomically by the
 * driver as the sorted rows stream in) and optionally a Parquet table with the confidence. The same
 * options as {@code clinner annotate}; the same TSV bytes for the same input.
 */
@Command(name = "clinner-spark", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Runs the ClinNER pipeline (DKPro segmenter -> ClinicalNerAnnotator) on Spark: each task runs it over"
                + " its partition, with the model loaded once per executor JVM, and the driver writes one sorted"
                + " MultiClinAI TSV. Exit codes: 0 all documents done, 1 some failed (listed), 2 usage or model"
                + " error."})
public final class SparkAnnotateJob implements Callable<Integer> {

    private static final String COMMAND = "clinner-spark";

    @Option(names = "--input", required = true, description = "A folder of .txt files (searched recursively), or a"
            + " .parquet or .jsonl/.json table (file or folder) with columns id and text.")
    private String input;

    @Option(names = "--output", required = true, description = "The TSV file to write (on the driver, atomically).")
    private String output;

    @Option(names = "--parquet", description = "Also write the mentions, with their confidence, as Parquet here.")
    private String parquet;

    @Option(names = "--partitions", defaultValue = "0",
            description = "Partitions of the documents; 0: Spark's default parallelism.")
    private int partitions;

    @Option(names = "--overwrite", description = "Replace existing outputs.")
    private boolean overwrite;

    @Option(names = "--summary", description = "Write what the job did as JSON (documents, failures with their"
            + " reasons, mentions, model loads by executor, seconds) to this local file.")
    private java.nio.file.Path summary;

    @Mixin
    private PipelineOptions pipeline;

    private final SparkSession session;

    /**
     * Creates the job on a session.
     *
     * @param session the Spark session to run in
     */
    SparkAnnotateJob(SparkSession session) {
        this.session = session;
    }

    /**
     * Runs the job with command line arguments.
     *
     * @param session the Spark session
     * @param args the arguments
     * @return the exit code
     */
    public static int run(SparkSession session, String... args) {
        CommandLine commandLine = new CommandLine(new SparkAnnotateJob(session));
        commandLine.setExecutionExceptionHandler(ExitCode.HANDLER);
        return commandLine.execute(args);
    }

    /**
     * The entry point for {@code spark-submit}.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        int code;
        SparkSession session = SparkSession.builder().appName("clinner-spark").getOrCreate();
        try {
            code = run(session, args);
        } finally {
            // stop() rather than close(): close() declares IOException on Spark 4 but not on 3.5
            session.stop();
            ExecutorModels.releaseAll();
        }
        System.exit(code);
    }

    @Override
    public Integer call() throws Exception {
        PipelineSettings settings;
        try {
            settings = pipeline.settings(tasksPerExecutor());
        } catch (InvalidSettingException e) {
            return ExitCode.usage(COMMAND, e.getMessage());
        }
        if (Files.exists(Paths.get(output)) && !overwrite) {
            return ExitCode.usage(COMMAND, output + " exists; add --overwrite to replace it");
        }
        long start = System.nanoTime();
        Dataset<Row> documents = partitions > 0 ? documents().repartition(partitions) : documents();
        CollectionAccumulator<String> modelLoads = session.sparkContext().collectionAccumulator("clinner model loads");
        Dataset<Row> rows = documents.mapPartitions(new DocumentAnnotator(settings, isTable() ? null : folderPath(),
                modelLoads), Encoders.row(DocumentAnnotator.SCHEMA)).cache();
        long count = documents.count();
        List<DocumentFailure> failures = rows.filter(col("error").isNotNull()).orderBy("filename").collectAsList()
                .stream().map(r -> new DocumentFailure(r.getString(0), r.getString(6))).toList();
        Dataset<Row> mentions = rows.filter(col("error").isNull()).drop("error")
                .orderBy("filename", "start_span", "end_span", "label", "text");
        long written = writeTsv(mentions);
        if (parquet != null) {
            mentions.write().mode(overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists).parquet(parquet);
        }
        rows.unpersist();
        return report(new RunResult(Math.toIntExact(count), written, failures), modelLoads.value(),
                (System.nanoTime() - start) / 1e9);
    }

    /** Writes the sorted mentions as they stream to the driver; returns how many. */
    private long writeTsv(Dataset<Row> mentions) throws IOException {
        Iterator<Row> sorted = mentions.toLocalIterator();
        long[] written = {0};
        MultiClinAiTsv.write(Paths.get(output), () -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return sorted.hasNext();
            }

            @Override
            public MultiClinAiRow next() {
                Row row = sorted.next();
                written[0]++;
                return new MultiClinAiRow(row.getString(0), row.getString(1), row.getInt(2), row.getInt(3),
                        row.getString(4));
            }
        });
        return written[0];
    }

    private int report(RunResult result, List<String> modelLoads, double seconds) throws IOException {
        List<String> loads = new ArrayList<>(modelLoads);
        Collections.sort(loads);
        RunReport report = new RunReport(result);
        report.printFailures(System.err);
        // one entry per executor JVM that loaded the model in this job (none when it already held it)
        System.err.printf("%d documents (%d failed), %d mentions, model loads by executor %s, %.1f s -> %s%n",
                result.documents(), result.failures().size(), result.mentions(), loads, seconds, output);
        ArrayNode byExecutor = report.summary().putArray("model_loads_by_executor");
        loads.forEach(byExecutor::add);
        report.summary().put("seconds", seconds).put("output", output);
        report.write(summary);
        return report.exitCode();
    }

    private boolean isTable() {
        return input.endsWith(".parquet") || input.endsWith(".jsonl") || input.endsWith(".json");
    }

    private Dataset<Row> documents() {
        if (input.endsWith(".parquet")) {
            return session.read().parquet(input).select("id", "text");
        }
        if (isTable()) {
            return session.read().json(input).select("id", "text");
        }
        return session.read().format("binaryFile").option("recursiveFileLookup", "true")
                .option("pathGlobFilter", "*.txt").load(input).select("path", "content");
    }

    /** The input folder's path with a trailing slash, as the paths of its files start. */
    private String folderPath() {
        Path path = new Path(input);
        if (!path.isAbsolute() && path.toUri().getScheme() == null) {
            path = new Path(Paths.get(input).toAbsolutePath().toString());
        }
        String folder = path.toUri().getPath();
        return folder.endsWith("/") ? folder : folder + "/";
    }

    /** Tasks an executor runs at once: its cores divided by the cores a task takes. */
    private int tasksPerExecutor() {
        String master = session.sparkContext().master();
        int cores = master.startsWith("local") ? session.sparkContext().defaultParallelism()
                : session.sparkContext().getConf().getInt("spark.executor.cores", 1);
        return Math.max(1, cores / session.sparkContext().getConf().getInt("spark.task.cpus", 1));
    }
}
