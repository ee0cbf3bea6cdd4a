package org.clinner.serve;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The service's Prometheus metrics (Micrometer): requests by route, method and status with a latency
 * histogram ({@code clinner_http_requests_seconds}), documents by outcome, mentions, tokens run, errors
 * by code, the documents admitted (the queue) and whether the model is ready.
 */
final class ServerMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    /**
     * Registers the gauges and the token counter.
     *
     * @param service the service, once loaded (null before)
     */
    ServerMetrics(Supplier<AnnotationService> service) {
        Gauge.builder("clinner.queue.documents", () -> service.get() == null ? 0 : service.get().admittedDocuments())
                .description("documents admitted: waiting for a worker or running").register(registry);
        Gauge.builder("clinner.model.ready", () -> service.get() == null ? 0 : 1)
                .description("1 once the models are loaded").register(registry);
        FunctionCounter.builder("clinner.tokens", service, s -> s.get() == null ? 0 : s.get().tokens())
                .description("tokens the models ran (special tokens included, padding excluded)").register(registry);
    }

    /**
     * Records one answered request.
     *
     * @param route the route (a known path, or {@code other})
     * @param method the HTTP method
     * @param status the status sent
     * @param latency how long it took
     */
    void request(String route, String method, int status, Duration latency) {
        Timer.builder("clinner.http.requests").description("HTTP requests and their latency")
                .tags("route", route, "method", method, "status", Integer.toString(status))
                .publishPercentileHistogram().register(registry).record(latency);
    }

    /**
     * Counts tagged documents.
     *
     * @param outcome {@code ok} or {@code failed}
     * @param documents how many
     * @param mentions the mentions found in them
     */
    void documents(String outcome, int documents, int mentions) {
        Counter.builder("clinner.documents").description("documents tagged").tag("outcome", outcome)
                .register(registry).increment(documents);
        Counter.builder("clinner.mentions").description("mentions found").register(registry).increment(mentions);
    }

    /**
     * Counts an error answer.
     *
     * @param code its code, e.g. {@code invalid_json}
     */
    void error(String code) {
        Counter.builder("clinner.errors").description("requests answered with an error, by code").tag("code", code)
                .register(registry).increment();
    }

    /**
     * Renders every metric.
     *
     * @return Prometheus' text format
     */
    String scrape() {
        return registry.scrape();
    }
}
