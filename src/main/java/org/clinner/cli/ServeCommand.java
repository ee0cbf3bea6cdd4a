package org.clinner.cli;

import org.clinner.frontend.ExitCode;
import org.clinner.frontend.PipelineOptions;
import org.clinner.model.snapshot.ModelLoadException;
import org.clinner.model.tagging.InvalidSettingException;
import org.clinner.serve.ClinnerServer;
import org.clinner.serve.ServeSettings;
import org.clinner.uima.SharedModels;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sun.misc.Signal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code clinner serve}: the models behind an HTTP service until SIGTERM or SIGINT, which stop new
 * requests, let those in flight finish and exit 0.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serves the models over HTTP: POST /v1/annotate (JSON, text or TSV), /v1/xmi (a CAS with its"
                + " own tokens), /v1/inception/predict (INCEpTION's external recommender), GET /health, /metrics"
                + " (Prometheus), /v1/model and /openapi.json. Listens on 127.0.0.1 unless told otherwise."})
final class ServeCommand implements java.util.concurrent.Callable<Integer> {

    private static final String COMMAND = "serve";

    @Mixin
    private PipelineOptions pipeline;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to listen on. Default: ${DEFAULT-VALUE} (this machine only).")
    private String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port (0: any free one). Default: ${DEFAULT-VALUE}.")
    private int port;

    @Option(names = "--token-file", description = "A file holding the bearer token every request but /health must"
            + " carry (Authorization: Bearer TOKEN). Default: no token.")
    private Path tokenFile;

    @Option(names = "--cors-origin", paramLabel = "ORIGIN", description = "An origin browsers may call the service"
            + " from (repeatable). Default: none, no CORS headers.")
    private List<String> corsOrigins;

    @Option(names = "--max-body-bytes", defaultValue = "8388608",
            description = "Largest request body. Default: ${DEFAULT-VALUE}.")
    private long maxBodyBytes;

    @Option(names = "--max-text-chars", defaultValue = "1000000",
            description = "Longest document text. Default: ${DEFAULT-VALUE}.")
    private int maxTextChars;

    @Option(names = "--queue", defaultValue = "256",
            description = "Most documents admitted at once; more get 503 with Retry-After. Default: ${DEFAULT-VALUE}.")
    private int queue;

    @Option(names = "--workers", defaultValue = "4",
            description = "Threads that tag documents; their forward batches join into shared model calls."
                    + " Default: ${DEFAULT-VALUE}.")
    private int workers;

    @Option(names = "--batch-wait-micros", defaultValue = "2000",
            description = "How long a forward batch waits for other workers' batches. Default: ${DEFAULT-VALUE}.")
    private int batchWaitMicros;

    @Option(names = "--deadline-ms", defaultValue = "60000",
            description = "How long a request may take before it is answered 503. Default: ${DEFAULT-VALUE}.")
    private long deadlineMs;

    @Override
    public Integer call() {
        ServeSettings settings;
        try {
            settings = new ServeSettings(pipeline.settings(1), host, port, token(), corsOrigins, maxBodyBytes,
                    maxTextChars, queue, workers, batchWaitMicros, Duration.ofMillis(deadlineMs));
        } catch (InvalidSettingException e) {
            return ExitCode.usage(COMMAND, PipelineOptions.asOption(e).getMessage());
        } catch (IOException e) {
            return ExitCode.usage(COMMAND, "--token-file " + tokenFile + " cannot be read: " + e.getMessage());
        }
        ClinnerServer server;
        try {
            server = ClinnerServer.start(settings);
        } catch (RuntimeException e) {
            return ExitCode.usage(COMMAND, "cannot listen on " + host + ":" + port + ": " + e.getMessage());
        }
        System.err.printf("clinner serve: listening on http://%s:%d (loading the models)%n", host, server.port());
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), signal -> stop.countDown());
        Signal.handle(new Signal("INT"), signal -> stop.countDown());
        try {
            server.loadModels(SharedModels.DOWNLOAD_LOG);
        } catch (ModelLoadException e) {
            server.close();
            return ExitCode.usage(COMMAND, e.getMessage());
        } catch (InvalidSettingException e) {
            server.close();
            return ExitCode.usage(COMMAND, PipelineOptions.asOption(e).getMessage());
        } catch (Exception e) {
            server.close();
            return ExitCode.usage(COMMAND, "the models cannot be loaded: " + e.getMessage());
        }
        System.err.printf("clinner serve: ready on http://%s:%d%n", host, server.port());
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.err.println("clinner serve: stopping; finishing the requests in flight");
        boolean drained = server.drain(settings.deadline());
        server.close();
        System.err.println(drained ? "clinner serve: stopped" : "clinner serve: stopped with requests unfinished"
                + " after " + settings.deadline().toMillis() + " ms");
        return ExitCode.OK;
    }

    private String token() throws IOException {
        return tokenFile == null ? null : Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
    }
}
