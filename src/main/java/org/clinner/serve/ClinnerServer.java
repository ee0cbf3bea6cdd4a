package org.clinner.serve;

import org.clinner.report.TryPage;
import org.clinner.uima.Mode;
import org.clinner.uima.ModelSpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The HTTP front of {@code clinner serve} (Javalin on Jetty): routes, the bearer token, CORS when
 * configured, one log line and one metric per request, every error as JSON
 * {@code {"error", "message"}}, and draining: after {@link #drain} new requests get 503 while those in
 * flight finish. The server answers {@code /health} with 503 until {@link #ready} hands it the loaded
 * models.
 */
public final class ClinnerServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("org.clinner.serve");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TSV = "text/tab-separated-values";
    /** The routes, for metrics (anything else counts as {@code other}) and the index. */
    static final List<String> ROUTES = List.of("/", "/health", "/metrics", "/openapi.json", "/v1/model",
            "/v1/annotate", "/v1/xmi", "/v1/inception/predict", "/v1/inception/train");
    /** Routes open without the token: the health check, and the home page (which then asks for the token). */
    private static final Set<String> OPEN = Set.of("/health", "/");
    private static final String STARTED = "clinner.started";
    /** The least time stopping gives Jetty to finish writing the answers in flight. */
    private static final Duration ANSWER_GRACE = Duration.ofSeconds(30);

    private final ServeSettings settings;
    private final AtomicReference<AnnotationService> service = new AtomicReference<>();
    private final ServerMetrics metrics = new ServerMetrics(service::get);
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean draining;
    private final Javalin app;

    private ClinnerServer(ServeSettings settings) {
        this.settings = settings;
        this.app = Javalin.create(this::configure);
    }

    /**
     * Starts listening; the models are not loaded yet ({@link #ready}).
     *
     * @param settings the settings
     * @return the running server
     */
    public static ClinnerServer start(ServeSettings settings) {
        ClinnerServer server = new ClinnerServer(settings);
        server.app.start(settings.host(), settings.port());
        return server;
    }

    /**
     * Loads the settings' models and starts answering with them.
     *
     * @param listener told about downloads
     * @throws Exception when a model cannot be found or loaded
     */
    public void loadModels(org.clinner.model.hub.HuggingFaceHub.DownloadListener listener) throws Exception {
        service.set(AnnotationService.open(settings, listener));
    }

    /**
     * Returns the port the server listens on.
     *
     * @return the port (the one chosen when the settings said 0)
     */
    public int port() {
        return app.port();
    }

    /**
     * Stops taking requests (they get 503) and waits for those in flight to finish.
     *
     * @param timeout the longest wait
     * @return whether every request in flight finished
     */
    public boolean drain(Duration timeout) {
        draining = true;
        long end = System.nanoTime() + timeout.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < end) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return inFlight.get() == 0;
    }

    /** Stops the server and releases the models. */
    @Override
    public void close() {
        app.stop();
        AnnotationService loaded = service.getAndSet(null);
        if (loaded != null) {
            loaded.close();
        }
    }

    private void configure(JavalinConfig config) {
        config.startup.showJavalinBanner = false;
        config.http.maxRequestSize = settings.maxBodyBytes();
        config.http.prefer405over404 = true;
        // stopping lets Jetty finish writing the answers in flight (our count ends when the handler returns)
        config.jetty.modifyServer(server -> {
            server.setHandler(new GracefulHandler());
            server.setStopTimeout(Math.max(settings.deadline().toMillis(), ANSWER_GRACE.toMillis()));
        });
        if (!settings.corsOrigins().isEmpty()) {
            List<String> origins = settings.corsOrigins();
            config.bundledPlugins.enableCors(cors -> cors.addRule(rule -> rule.allowHost(origins.get(0),
                    origins.subList(1, origins.size()).toArray(new String[0]))));
        }
        config.requestLogger.http(this::answered);
        config.routes.before(this::admit);
        config.routes.get("/", this::home);
        config.routes.get("/health", this::health);
        config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(metrics.scrape()));
        config.routes.get("/openapi.json", this::openApi);
        config.routes.get("/v1/model", ctx -> json(ctx, 200, loaded().describe()));
        config.routes.post("/v1/annotate", this::annotate);
        config.routes.post("/v1/xmi", this::xmi);
        config.routes.post("/v1/inception/predict", this::predict);
        config.routes.post("/v1/inception/train", ctx -> ctx.status(204));
        config.routes.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.code(), e.getMessage()));
        config.routes.exception(HttpResponseException.class, this::httpError);
        config.routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, "internal_error", "the request failed inside the service: " + e);
        });
    }

    /** Javalin's own refusals (no route, wrong method, body too large) as this service's errors. */
    private void httpError(HttpResponseException e, Context ctx) {
        switch (e.getStatus()) {
            case 404 -> error(ctx, 404, "not_found", "no route " + ctx.path());
            case 405 -> error(ctx, 405, "method_not_allowed", ctx.method() + " is not allowed on " + ctx.path());
            case 413 -> error(ctx, 413, "body_too_large", "the body is over the limit of " + settings.maxBodyBytes()
                    + " bytes");
            default -> error(ctx, e.getStatus(), "http_" + e.getStatus(), e.getMessage());
        }
    }

    /**
     * Counts the request, then checks the token (not on the open routes and preflights) and that the
     * server is not draining.
     */
    private void admit(Context ctx) {
        ctx.attribute(STARTED, System.nanoTime());
        inFlight.incrementAndGet();
        if (OPEN.contains(ctx.path()) || HandlerType.OPTIONS.equals(ctx.method())) {
            return; // browsers send CORS preflights without credentials
        }
        if (settings.token() != null && !authorized(ctx.header("Authorization"))) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiException(401, "unauthorized", "a valid bearer token is needed (Authorization: Bearer …)");
        }
        if (draining) {
            throw new ApiException(503, "shutting_down", "the service is stopping");
        }
    }

    /** Compares the token in constant time. */
    private boolean authorized(String header) {
        String presented = header != null && header.startsWith("Bearer ") ? header.substring(7).trim() : "";
        return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                settings.token().getBytes(StandardCharsets.UTF_8));
    }

    /** Logs one line, records the metric and ends the request's count. */
    private void answered(Context ctx, Float milliseconds) {
        Long started = ctx.attribute(STARTED);
        if (started != null) {
            inFlight.decrementAndGet();
        }
        int status = ctx.statusCode();
        String route = ROUTES.contains(ctx.path()) ? ctx.path() : "other";
        metrics.request(route, ctx.method().name(), status, Duration.ofNanos((long) (milliseconds * 1e6)));
        LOG.info("{} {} {} {} ms", ctx.method(), ctx.path(), status, String.format("%.1f", milliseconds));
    }

    private void health(Context ctx) {
        String status = draining ? "draining" : service.get() == null ? "loading" : "ready";
        json(ctx, status.equals("ready") ? 200 : 503, JsonNodeFactory.instance.objectNode().put("status", status));
    }

    private void openApi(Context ctx) throws IOException {
        try (InputStream document = ClinnerServer.class.getResourceAsStream("openapi.json")) {
            ctx.contentType("application/json").result(document.readAllBytes());
        }
    }

    private void annotate(Context ctx) throws IOException {
        AnnotationService loaded = loaded();
        AnnotateApi.Offsets offsets = AnnotateApi.offsets(ctx.queryParam("offsets"));
        AnnotateApi.Request request = AnnotateApi.read(ctx.bodyAsBytes(), ctx.contentType(), ctx.queryParam("id"),
                settings.maxTextChars());
        List<AnnotateApi.Outcome> outcomes = new AnnotateApi(loaded).annotate(request, mode(ctx, request.mode()),
                deadline(ctx));
        int failed = (int) outcomes.stream().filter(o -> o.error() != null).count();
        metrics.documents("ok", outcomes.size() - failed, outcomes.stream().mapToInt(o -> o.mentions().size()).sum());
        metrics.documents("failed", failed, 0);
        if (!request.batch() && failed == 1) {
            ApiException error = outcomes.get(0).error();
            throw error;
        }
        String accept = ctx.header("Accept");
        if (accept != null && accept.contains(TSV)) {
            // one header per failed document, percent-encoded UTF-8 (a header value is ISO-8859-1 at best)
            outcomes.stream().filter(o -> o.error() != null).forEach(o -> ctx.res().addHeader("X-Clinner-Failed",
                    URLEncoder.encode(o.error().getMessage(), StandardCharsets.UTF_8).replace("+", "%20")));
            ctx.contentType(TSV + "; charset=utf-8").result(AnnotateApi.tsv(outcomes));
            return;
        }
        json(ctx, 200, AnnotateApi.json(outcomes, request.batch(), offsets));
    }

    private void xmi(Context ctx) {
        AnnotationService loaded = loaded();
        byte[] body = ctx.bodyAsBytes();
        if (body.length == 0) {
            throw ApiException.badRequest("empty_body", "the request has no body");
        }
        Mode mode = mode(ctx, null);
        List<Function<WorkerPipeline, byte[]>> job = List.of(pipeline -> pipeline.annotateXmi(body,
                settings.maxTextChars(), mode));
        byte[] annotated = loaded.run(job, deadline(ctx)).get(0);
        ctx.contentType("application/xml").result(annotated);
    }

    private void predict(Context ctx) {
        JsonNode request;
        try {
            request = JSON.readTree(ctx.bodyAsBytes());
        } catch (IOException e) {
            throw ApiException.badRequest("invalid_json", "the body is not valid JSON: " + e.getMessage());
        }
        if (request == null || !request.isObject()) {
            throw ApiException.badRequest("invalid_request", "the body must be an INCEpTION predict request");
        }
        String document = new InceptionRecommender(loaded()).predict(request, mode(ctx, null), deadline(ctx));
        json(ctx, 200, JsonNodeFactory.instance.objectNode().put("document", document));
    }

    /** The mode a request asks for ({@code ?mode=}, or the body's {@code mode}), else the service's own. */
    private Mode mode(Context ctx, Mode fromBody) {
        String query = ctx.queryParam("mode");
        Mode fromQuery = query == null ? null : AnnotateApi.mode(query, "?mode");
        if (fromBody != null && fromQuery != null && fromBody != fromQuery) {
            throw ApiException.badRequest("invalid_parameter", "?mode=" + query + " and the body's mode "
                    + fromBody.value() + " differ");
        }
        return fromBody != null ? fromBody : fromQuery != null ? fromQuery : settings.pipeline().ner().mode();
    }

    private AnnotationService loaded() {
        AnnotationService loaded = service.get();
        if (loaded == null) {
            throw new ApiException(503, "loading", "the models are still loading");
        }
        return loaded;
    }

    private long deadline(Context ctx) {
        Long started = ctx.attribute(STARTED);
        return (started == null ? System.nanoTime() : started) + settings.deadline().toNanos();
    }

    /** The try-it page for browsers, the route list as JSON for everyone else. */
    private void home(Context ctx) {
        String accept = ctx.header("Accept");
        if (accept == null || !accept.contains("text/html")) {
            json(ctx, 200, index());
            return;
        }
        AnnotationService loaded = loaded();
        String models = settings.token() != null ? "ClinNER" : settings.pipeline().models().stream()
                .map(ModelSpec::location).collect(Collectors.joining(", ")) + " · "
                + settings.pipeline().ner().precision().label() + " on " + settings.pipeline().ner().device().name();
        List<String> modes = Arrays.stream(Mode.values()).map(Mode::value).toList();
        ctx.contentType("text/html; charset=utf-8").result(TryPage.build(models, loaded.labels(), modes,
                settings.pipeline().ner().mode().value(), settings.token() != null).html());
    }

    private ObjectNode index() {
        ObjectNode index = JsonNodeFactory.instance.objectNode().put("service", "clinner")
                .put("openapi", "/openapi.json");
        ROUTES.forEach(index.putArray("routes")::add);
        return index;
    }

    private void error(Context ctx, int status, String code, String message) {
        metrics.error(code);
        if (status == 503) {
            ctx.header("Retry-After", "1");
        }
        json(ctx, status, JsonNodeFactory.instance.objectNode().put("error", code).put("message", message));
    }

    private static void json(Context ctx, int status, JsonNode body) {
        try {
            ctx.status(status).contentType("application/json").result(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
