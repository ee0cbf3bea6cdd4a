package org.clinner.serve;

import org.clinner.model.tagging.InvalidSettingException;
import org.clinner.uima.PipelineSettings;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What {@code clinner serve} runs, checked when made (a problem names the command-line option).
 *
 * @param pipeline the models and how to tag (the settings of {@code clinner annotate})
 * @param host the address to listen on ({@code 127.0.0.1} unless told otherwise)
 * @param port the port (0: any free one)
 * @param token the bearer token every request but {@code /health} must carry, or null for none
 * @param corsOrigins origins browsers may call the service from (none: no CORS headers)
 * @param maxBodyBytes the largest request body
 * @param maxTextChars the longest document text, in UTF-16 units
 * @param queue the most documents admitted at once (running or waiting); more are refused with 503
 * @param workers the threads that tag documents (their forward batches join into shared calls)
 * @param batchWaitMicros how long a forward batch waits for other workers' batches
 * @param deadline how long a request may take before it is answered with 503
 */
public record ServeSettings(PipelineSettings pipeline, String host, int port, String token, List<String> corsOrigins,
        long maxBodyBytes, int maxTextChars, int queue, int workers, int batchWaitMicros, Duration deadline) {

    /**
     * Validates the settings.
     *
     * @throws InvalidSettingException naming the option whose value cannot be used
     */
    public ServeSettings {
        Objects.requireNonNull(pipeline, "pipeline");
        if (host == null || host.isBlank()) {
            throw new InvalidSettingException("--host", "must name an address, e.g. 127.0.0.1");
        }
        check(port >= 0 && port <= 65535, "--port", "must be between 0 and 65535, not " + port);
        if (token != null && token.isBlank()) {
            throw new InvalidSettingException("--token-file", "holds no token");
        }
        corsOrigins = corsOrigins == null ? List.of() : List.copyOf(corsOrigins);
        check(maxBodyBytes >= 1024, "--max-body-bytes", "must be at least 1024, not " + maxBodyBytes);
        check(maxTextChars >= 1, "--max-text-chars", "must be at least 1, not " + maxTextChars);
        check(queue >= 1, "--queue", "must be at least 1, not " + queue);
        check(workers >= 1, "--workers", "must be at least 1, not " + workers);
        check(batchWaitMicros >= 0 && batchWaitMicros <= 1_000_000, "--batch-wait-micros",
                "must be between 0 and 1000000, not " + batchWaitMicros);
        check(deadline != null && deadline.toMillis() >= 1, "--deadline-ms", "must be at least 1 ms");
    }

    private static void check(boolean valid, String option, String problem) {
        if (!valid) {
            throw new InvalidSettingException(option, problem);
        }
    }
}
