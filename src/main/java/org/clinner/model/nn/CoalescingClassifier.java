package org.clinner.model.nn;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Batches the forward passes of concurrent callers (the threads of a service, each tagging its own
 * document) into shared model calls: a batch waits up to a bound for others of its width and kind,
 * and all that arrived, up to a token budget, run as one call on one dispatching thread. Only batches
 * whose rows have the same width join, so every caller gets, bit for bit, the logits its batch gets
 * alone; callers of other widths go first in the next call. Closing stops the dispatcher; the
 * network itself belongs to the caller.
 */
public final class CoalescingClassifier implements TokenClassifier {

    /** One caller's batch and where its logits go. */
    private record Waiting(BatchLayout batch, long arrived, CompletableFuture<List<float[][]>> logits) {}

    private final TokenClassifier network;
    private final long waitNanos;
    private final long tokenBudget;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final LinkedList<Waiting> queue = new LinkedList<>();
    private final Thread dispatcher;
    private boolean closed;

    /**
     * Starts the dispatcher.
     *
     * @param network the network every call runs on
     * @param wait how long a batch waits for others to join it
     * @param tokenBudget most padded tokens in one joined call
     */
    public CoalescingClassifier(TokenClassifier network, Duration wait, long tokenBudget) {
        if (wait.isNegative() || tokenBudget < 1) {
            throw new IllegalArgumentException("the wait must be at least 0 and the budget at least 1 token");
        }
        this.network = network;
        this.waitNanos = wait.toNanos();
        this.tokenBudget = tokenBudget;
        this.dispatcher = new Thread(this::dispatch, "clinner-batcher");
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    @Override
    public List<float[][]> logits(BatchLayout batch) {
        List<float[][]> empty = batch.emptyLogits();
        if (empty != null) {
            return empty;
        }
        Waiting waiting = new Waiting(batch, System.nanoTime(), new CompletableFuture<>());
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the batcher is closed");
            }
            queue.add(waiting);
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            return waiting.logits().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the model", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }

    private void dispatch() {
        while (true) {
            List<Waiting> call = nextCall();
            if (call == null) {
                return;
            }
            run(call);
        }
    }

    /** Waits for the oldest batch, then for others of its width up to the wait bound and the budget. */
    private List<Waiting> nextCall() {
        lock.lock();
        try {
            while (queue.isEmpty() && !closed) {
                arrived.awaitUninterruptibly();
            }
            if (closed) {
                return null;
            }
            Waiting first = queue.peekFirst();
            long deadline = first.arrived() + waitNanos;
            List<Waiting> call = joining(first);
            while (tokens(call) < tokenBudget && System.nanoTime() < deadline && !closed) {
                try {
                    arrived.awaitNanos(deadline - System.nanoTime());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                call = joining(first);
            }
            queue.removeAll(call);
            return call;
        } finally {
            lock.unlock();
        }
    }

    /** The queued batches that join the first, in arrival order, within the budget (the first always). */
    private List<Waiting> joining(Waiting first) {
        List<Waiting> call = new ArrayList<>();
        long tokens = 0;
        for (Iterator<Waiting> it = queue.iterator(); it.hasNext();) {
            Waiting next = it.next();
            long more = next.batch().paddedTokens();
            if (next.batch().joinsWith(first.batch()) && (call.isEmpty() || tokens + more <= tokenBudget)) {
                call.add(next);
                tokens += more;
            }
        }
        return call;
    }

    private static long tokens(List<Waiting> call) {
        return call.stream().mapToLong(w -> w.batch().paddedTokens()).sum();
    }

    private void run(List<Waiting> call) {
        try {
            List<float[][]> all = network.logits(BatchLayout.concat(call.stream().map(Waiting::batch).toList()));
            int next = 0;
            for (Waiting waiting : call) {
                int count = waiting.batch().sequences().size();
                waiting.logits().complete(List.copyOf(all.subList(next, next + count)));
                next += count;
            }
        } catch (RuntimeException | Error e) {
            call.forEach(w -> w.logits().completeExceptionally(e));
        }
    }

    @Override
    public long tokensProcessed() {
        return network.tokensProcessed();
    }

    @Override
    public long flopsProcessed() {
        return network.flopsProcessed();
    }

    /** Stops the dispatcher after the call in progress; batches still waiting fail. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            queue.forEach(w -> w.logits().completeExceptionally(new IllegalStateException("the batcher is closed")));
            queue.clear();
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            dispatcher.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
