package org.clinner.serve;

import org.clinner.model.ModelKey;
import org.clinner.model.hub.HuggingFaceHub;
import org.clinner.model.snapshot.ModelLoadException;
import org.clinner.model.tagging.TaggingHead;
import org.clinner.uima.ClinnerPipeline;
import org.clinner.uima.Mode;
import org.clinner.uima.SharedModels;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.uima.analysis_engine.AnalysisEngineDescription;
import org.apache.uima.resource.ResourceInitializationException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The models a service runs and the workers that run them: documents are admitted up to the queue's
 * size (more are refused at once, never held in unbounded memory), each runs on a worker thread's own
 * pipeline ({@link WorkerPipeline}), and a request waits for its documents until its deadline. The
 * workers' forward batches join into shared model calls (the annotators' {@code batchWaitMicros}).
 */
final class AnnotationService implements AutoCloseable {

    /** The least time {@link #close} gives the documents in progress. */
    private static final Duration DRAIN = Duration.ofSeconds(30);

    private final ServeSettings settings;
    private final List<ModelKey> models;
    private final List<SharedModels.Lease> leases;
    private final AnalysisEngineDescription segmenter;
    private final Map<Mode, List<AnalysisEngineDescription>> annotators = new EnumMap<>(Mode.class);
    private final Semaphore admitted;
    private final ThreadPoolExecutor workers;
    private final Map<Thread, WorkerPipeline> pipelines = new HashMap<>();
    private final ThreadLocal<WorkerPipeline> pipeline = new ThreadLocal<>();
    /** Guarded by {@link #pipelines}: once set, no worker makes a pipeline (it would hold the models). */
    private boolean closed;


    private AnnotationService(ServeSettings settings, ClinnerPipeline clinner, List<ModelKey> models,
            List<SharedModels.Lease> leases) throws ResourceInitializationException {
        this.settings = settings;
        this.models = List.copyOf(models);
        this.leases = List.copyOf(leases);
        this.segmenter = clinner.segmenter();
        for (Mode mode : Mode.values()) {
            annotators.put(mode, clinner.annotators(models, settings.batchWaitMicros(), mode));
        }
        this.admitted = new Semaphore(settings.queue());
        AtomicInteger count = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(settings.workers(), settings.workers(), 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), job -> {
                    Thread thread = new Thread(job, "clinner-worker-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /**
     * Finds and loads the models (each once per JVM) and checks the tagging options against them.
     *
     * @param settings the service's settings
     * @param listener told about downloads
     * @return the service
     * @throws ModelLoadException when a model cannot be found or loaded
     * @throws ResourceInitializationException when the pipeline cannot be described
     */
    static AnnotationService open(ServeSettings settings, HuggingFaceHub.DownloadListener listener)
            throws ModelLoadException, ResourceInitializationException {
        ClinnerPipeline clinner = new ClinnerPipeline(settings.pipeline());
        List<ModelKey> models = clinner.resolveModels(listener);
        List<SharedModels.Lease> leases = new ArrayList<>();
        try {
            for (ModelKey model : models) {
                leases.add(SharedModels.acquire(model));
                leases.get(leases.size() - 1).model().check(settings.pipeline().ner().tagging());
            }
            return new AnnotationService(settings, clinner, models, leases);
        } catch (ModelLoadException | ResourceInitializationException | RuntimeException e) {
            leases.forEach(SharedModels.Lease::close);
            throw e;
        }
    }

    /**
     * Runs jobs on the workers, each with its worker's pipeline, and waits for all of them.
     *
     * @param jobs the jobs, one per document
     * @param deadline when the request must be answered, as {@link System#nanoTime()}
     * @param <T> what a job gives
     * @return the jobs' results, in order
     * @throws ApiException 413 when the documents are more than the queue ever takes; 503 when the queue
     *     cannot take them now or the deadline passes; the job's own {@link ApiException}; 500 for
     *     anything else
     */
    <T> List<T> run(List<Function<WorkerPipeline, T>> jobs, long deadline) {
        if (jobs.size() > settings.queue()) {
            throw new ApiException(413, "batch_too_large", "the batch has " + jobs.size() + " documents, more than"
                    + " the " + settings.queue() + " the service admits at once (--queue): split it");
        }
        if (!admitted.tryAcquire(jobs.size())) {
            throw new ApiException(503, "overloaded", "the queue is full (" + settings.queue() + " documents"
                    + " admitted at once); retry later");
        }
        List<CompletableFuture<T>> futures = new ArrayList<>();
        for (Function<WorkerPipeline, T> job : jobs) {
            CompletableFuture<T> future = new CompletableFuture<>();
            futures.add(future);
            workers.execute(() -> runOne(job, future, deadline));
        }
        List<T> results = new ArrayList<>();
        try {
            for (CompletableFuture<T> future : futures) {
                results.add(future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            }
            return results;
        } catch (TimeoutException e) {
            futures.forEach(f -> f.cancel(false));
            throw deadlineExceeded();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "shutting_down", "the service is stopping");
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(false));
            throw e.getCause() instanceof ApiException api ? api : new IllegalStateException(e.getCause());
        }
    }

    private <T> void runOne(Function<WorkerPipeline, T> job, CompletableFuture<T> future, long deadline) {
        try {
            if (future.isDone()) {
                return;
            }
            if (System.nanoTime() >= deadline) {
                future.completeExceptionally(deadlineExceeded());
                return;
            }
            future.complete(job.apply(pipeline()));
        } catch (RuntimeException | Error e) {
            future.completeExceptionally(e);
        } finally {
            admitted.release();
        }
    }

    private ApiException deadlineExceeded() {
        return new ApiException(503, "deadline_exceeded", "the request was not done within its deadline of "
                + settings.deadline().toMillis() + " ms; retry later");
    }

    /** This worker's pipeline, made on its first document (never once the service is closed). */
    private WorkerPipeline pipeline() {
        WorkerPipeline mine = pipeline.get();
        if (mine == null) {
            synchronized (pipelines) {
                if (closed) {
                    throw new ApiException(503, "shutting_down", "the service is stopping");
                }
                try {
                    mine = new WorkerPipeline(segmenter, annotators);
                } catch (ResourceInitializationException e) {
                    throw new IllegalStateException("the worker pipeline cannot be made: " + e.getMessage(), e);
                }
                pipelines.put(Thread.currentThread(), mine);
            }
            pipeline.set(mine);
        }
        return mine;
    }

    /**
     * Returns how many documents are admitted (waiting or running).
     *
     * @return between 0 and the queue's size
     */
    int admittedDocuments() {
        return settings.queue() - admitted.availablePermits();
    }

    /**
     * Returns the tokens the models have run so far.
     *
     * @return special tokens included, padding excluded
     */
    long tokens() {
        return leases.stream().mapToLong(l -> l.model().classifier().tokensProcessed()).sum();
    }

    /**
     * Describes what is loaded: each model with its precision, device and heads, and how it tags.
     *
     * @return the JSON of {@code GET /v1/model}
     */
    ObjectNode describe() {
        ObjectNode info = JsonNodeFactory.instance.objectNode();
        ArrayNode list = info.putArray("models");
        for (int m = 0; m < models.size(); m++) {
            ModelKey key = models.get(m);
            ObjectNode model = list.addObject().put("model", settings.pipeline().models().get(m).location())
                    .put("location", key.location().toString()).put("precision", key.precision().label())
                    .put("device", key.device().name()).put("max_length", leases.get(m).model().maxLength());
            ArrayNode heads = model.putArray("heads");
            for (TaggingHead head : leases.get(m).model().heads()) {
                ArrayNode labels = heads.addObject().put("task", head.task()).putArray("labels");
                for (int id = 0; id < head.scheme().size(); id++) {
                    labels.add(head.scheme().name(id));
                }
            }
        }
        ArrayNode modes = info.put("mode", settings.pipeline().ner().mode().value()).putArray("modes");
        for (Mode mode : Mode.values()) {
            modes.add(mode.value());
        }
        info
                .put("max_length", settings.pipeline().ner().tagging().maxLength())
                .put("stride", settings.pipeline().ner().tagging().stride())
                .put("token_budget", settings.pipeline().ner().tagging().tokenBudget())
                .put("language", settings.pipeline().language())
                .put("workers", settings.workers()).put("queue", settings.queue())
                .put("batch_wait_micros", settings.batchWaitMicros())
                .put("max_text_chars", settings.maxTextChars());
        return info;
    }

    /**
     * Returns the entity labels the models give, in the order of their heads.
     *
     * @return e.g. {@code [PROCEDURE]}
     */
    List<String> labels() {
        Set<String> labels = new LinkedHashSet<>();
        for (SharedModels.Lease lease : leases) {
            for (TaggingHead head : lease.model().heads()) {
                for (int id = 0; id < head.scheme().size(); id++) {
                    if (!head.scheme().isOutside(id)) {
                        labels.add(head.scheme().entityType(id));
                    }
                }
            }
        }
        return List.copyOf(labels);
    }

    /**
     * Returns the service's settings.
     *
     * @return the settings
     */
    ServeSettings settings() {
        return settings;
    }

    /**
     * Lets the documents in progress finish (for the deadline, at least {@link #DRAIN}), then releases
     * the workers' pipelines (no worker makes one after this) and the models.
     */
    @Override
    public void close() {
        workers.shutdown();
        try {
            workers.awaitTermination(Math.max(settings.deadline().toMillis(), DRAIN.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (pipelines) {
            closed = true;
            pipelines.values().forEach(WorkerPipeline::close);
        }
        leases.forEach(SharedModels.Lease::close);
    }
}
