package org.clinner.bench;

import org.clinner.cli.ClinnerCli;
import org.clinner.frontend.PipelineOptions;
import org.clinner.io.AtomicFiles;
import org.clinner.model.nn.CpuFeatures;
import org.clinner.serve.ClinnerServer;
import org.clinner.serve.ServeSettings;
import org.clinner.text.CodePointOrder;
import org.clinner.text.PythonText;
import org.clinner.uima.PipelineSettings;
import org.clinner.uima.SharedModels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.io.FileUtils;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The load benchmark of {@code clinner serve}: {@code clinner annotate} over the documents (its second
 * run in this JVM, warm as the service will be) gives the command line's documents/s and rows; then a
 * service with the same pipeline options, in this JVM on 127.0.0.1, gets one request per document from
 * 1, 4 and 16 concurrent clients (each takes the next document when its answer is in). It reports per
 * client count the documents/s, their ratio to the command line's, p50 and p99 request latency,
 * errors, and whether the service's rows equal the command line's. Run it with {@code
 * tools/serve_bench.sh}; the arguments it does not know are the pipeline options of {@code annotate}
 * ({@code --model}, {@code --mode}, ...).
 */
@Command(name = "serve-load-benchmark", mixinStandardHelpOptions = true,
        description = "Throughput and latency of clinner serve under 1, 4, 16 clients against clinner annotate.")
public final class ServeLoadBenchmark implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String TSV = "text/tab-separated-values";
    private static final String HEADER = "filename\tlabel\tstart_span\tend_span\ttext";

    @Option(names = "--corpus", defaultValue = "../shared/data/medprocner/test/txt",
            description = "Folder of .txt documents. Default: ${DEFAULT-VALUE}.")
    private Path corpus;

    @Option(names = "--limit", defaultValue = "0", description = "Only the first N documents (0: all).")
    private int limit;

    @Option(names = "--clients", split = ",", defaultValue = "1,4,16", description = "Default: ${DEFAULT-VALUE}.")
    private List<Integer> clients;

    @Option(names = "--workers", defaultValue = "4", description = "The service's workers. Default: ${DEFAULT-VALUE}.")
    private int workers;

    @Option(names = "--batch-wait-micros", defaultValue = "2000", description = "Default: ${DEFAULT-VALUE}.")
    private int batchWaitMicros;

    @Option(names = "--output", defaultValue = "target/serve-bench",
            description = "Folder for report.md, report.json and the runs' files. Default: ${DEFAULT-VALUE}.")
    private Path output;

    @Unmatched
    private List<String> pipelineArgs = new ArrayList<>();

    /** The pipeline options, parsed as {@code annotate} parses them. */
    @Command(name = "pipeline")
    static final class Pipeline {
        @Mixin
        PipelineOptions options;
    }

    /** One document as the command line reads it. */
    private record Document(String id, String text) {}

    /** What the command line did. */
    private record CliRun(int documents, double seconds, List<String> rows) {
        double docsPerSecond() {
            return documents / seconds;
        }
    }

    /** What one client count got. */
    private record Load(int clients, int documents, double seconds, long p50Nanos, long p99Nanos, int errors,
            List<String> rows) {
        double docsPerSecond() {
            return documents / seconds;
        }
    }

    /**
     * Runs the benchmark.
     *
     * @param args the options
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new ServeLoadBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PipelineSettings settings = pipelineSettings();
        List<Path> files = files();
        if (files.isEmpty()) {
            System.err.println("serve-load-benchmark: no .txt documents in " + corpus.toAbsolutePath()
                    + " (the shared MedProcNER data is absent?): nothing measured");
            return 2;
        }
        Path input = copy(files);
        List<Document> documents = read(input);
        cli(input); // warm-up: the service is measured warm, so is the command line
        CliRun cli = cli(input);
        List<Load> loads = new ArrayList<>();
        try (ClinnerServer server = ClinnerServer.start(new ServeSettings(settings, "127.0.0.1", 0, null, List.of(),
                256L << 20, 10_000_000, Math.max(256, documents.size()), workers, batchWaitMicros,
                Duration.ofMinutes(30)))) {
            server.loadModels(SharedModels.DOWNLOAD_LOG);
            Client client = new Client(server.port());
            load(client, documents.subList(0, Math.min(16, documents.size())), 4); // warm-up
            for (int count : clients) {
                loads.add(load(client, documents, count));
                System.err.printf("%d clients: %.2f docs/s%n", count, loads.get(loads.size() - 1).docsPerSecond());
            }
        }
        report(cli, loads);
        return 0;
    }

    private PipelineSettings pipelineSettings() {
        Pipeline pipeline = new Pipeline();
        new CommandLine(pipeline).parseArgs(pipelineArgs.toArray(new String[0]));
        return pipeline.options.settings(1);
    }

    private List<Path> files() throws IOException {
        if (!Files.isDirectory(corpus)) {
            return List.of();
        }
        try (Stream<Path> listed = Files.list(corpus)) {
            List<Path> all = listed.filter(f -> f.getFileName().toString().endsWith(".txt")).sorted().toList();
            return limit > 0 && limit < all.size() ? all.subList(0, limit) : all;
        }
    }

    /** Copies the documents into the run's input folder, so that the command line reads exactly them. */
    private Path copy(List<Path> files) throws IOException {
        Path input = output.resolve("input");
        FileUtils.deleteDirectory(input.toFile());
        Files.createDirectories(input);
        for (Path file : files) {
            Files.copy(file, input.resolve(file.getFileName()));
        }
        return input;
    }

    private static List<Document> read(Path input) throws IOException {
        List<Document> documents = new ArrayList<>();
        try (Stream<Path> listed = Files.list(input)) {
            for (Path file : listed.sorted().toList()) {
                documents.add(new Document(file.getFileName().toString().replaceAll("\\.txt$", ""),
                        PythonText.read(Files.readAllBytes(file))));
            }
        }
        documents.sort((a, b) -> CodePointOrder.ORDER.compare(a.id(), b.id()));
        return documents;
    }

    private CliRun cli(Path input) throws IOException {
        Path tsv = output.resolve("cli.tsv");
        Path summary = output.resolve("cli-summary.json");
        List<String> args = new ArrayList<>(List.of("annotate", "--input", input.toString(), "--output",
                tsv.toString(), "--summary", summary.toString(), "--overwrite"));
        args.addAll(pipelineArgs);
        int code = ClinnerCli.run(args.toArray(new String[0]));
        if (code != 0) {
            throw new IllegalStateException("clinner annotate exited with " + code);
        }
        JsonNode figures = JSON.readTree(summary.toFile());
        return new CliRun(figures.path("documents").asInt(), figures.path("seconds").asDouble(),
                rows(Files.readString(tsv, StandardCharsets.UTF_8)));
    }

    /** The rows of TSV texts without their headers, sorted (the service answers documents in any order). */
    private static List<String> rows(String tsv) {
        return tsv.lines().filter(line -> !line.equals(HEADER)).sorted().toList();
    }

    /** Posts one document at a time and asks for TSV rows. */
    private record Client(HttpClient http, int port) {
        Client(int port) {
            this(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), port);
        }

        HttpResponse<String> annotate(Document document) throws IOException, InterruptedException {
            String body = JSON.createObjectNode().put("id", document.id()).put("text", document.text()).toString();
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/annotate"))
                    .header("Content-Type", "application/json").header("Accept", TSV)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static Load load(Client client, List<Document> documents, int clients) throws Exception {
        int n = documents.size();
        long[] latencies = new long[n];
        String[] answers = new String[n];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                running.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        long sent = System.nanoTime();
                        HttpResponse<String> response = client.annotate(documents.get(i));
                        latencies[i] = System.nanoTime() - sent;
                        answers[i] = response.statusCode() == 200 ? response.body() : null;
                        errors.addAndGet(response.statusCode() == 200 ? 0 : 1);
                    }
                    return null;
                }));
            }
            for (Future<?> task : running) {
                task.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies);
        StringBuilder tsv = new StringBuilder();
        Arrays.stream(answers).filter(a -> a != null).forEach(tsv::append);
        return new Load(clients, n, seconds, percentile(latencies, 50), percentile(latencies, 99), errors.get(),
                rows(tsv.toString()));
    }

    /** The nearest-rank percentile of sorted values. */
    private static long percentile(long[] sorted, int percent) {
        return sorted[Math.max(0, (int) Math.ceil(percent / 100.0 * sorted.length) - 1)];
    }

    private void report(CliRun cli, List<Load> loads) throws IOException {
        StringBuilder md = new StringBuilder("# clinner serve under load\n\n")
                .append(String.format("%s, %s, %d CPUs; pipeline options: %s; service workers: %d, batch wait %d µs"
                                + ".%n%n", Instant.now(), CpuFeatures.current().model(),
                        Runtime.getRuntime().availableProcessors(), pipelineArgs.isEmpty() ? "(defaults)"
                                : String.join(" ", pipelineArgs), workers, batchWaitMicros))
                .append(String.format("clinner annotate (second run in this JVM): %d documents in %.1f s,"
                                + " **%.2f docs/s**.%n%n", cli.documents(), cli.seconds(), cli.docsPerSecond()))
                .append("| clients | docs/s | of the CLI's | p50 latency | p99 latency | errors | rows = CLI's |\n")
                .append("|---:|---:|---:|---:|---:|---:|:---|\n");
        ObjectNode json = JSON.createObjectNode().put("cli_docs_per_second", cli.docsPerSecond())
                .put("documents", cli.documents());
        ArrayNode rows = json.putArray("loads");
        for (Load load : loads) {
            double ratio = load.docsPerSecond() / cli.docsPerSecond();
            md.append(String.format("| %d | %.2f | %.0f %% | %.0f ms | %.0f ms | %d | %s |%n", load.clients(),
                    load.docsPerSecond(), 100 * ratio, load.p50Nanos() / 1e6, load.p99Nanos() / 1e6, load.errors(),
                    load.rows().equals(cli.rows()) ? "yes" : "NO"));
            rows.addObject().put("clients", load.clients()).put("docs_per_second", load.docsPerSecond())
                    .put("ratio_to_cli", ratio).put("p50_ms", load.p50Nanos() / 1e6)
                    .put("p99_ms", load.p99Nanos() / 1e6).put("errors", load.errors())
                    .put("rows_equal_cli", load.rows().equals(cli.rows()));
        }
        AtomicFiles.write(output.resolve("report.md"), temp -> Files.writeString(temp, md));
        AtomicFiles.write(output.resolve("report.json"), temp -> JSON.writeValue(temp.toFile(), json));
        System.out.print(md);
    }
}
