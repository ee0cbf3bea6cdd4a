package org.clinner.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.time.Duration;

/**
 * Progress of a long step: a live bar with the rate on a terminal, plain lines on stderr every few
 * seconds otherwise (logs, CI, pipes).
 */
final class Progress implements AutoCloseable {

    private static final long LOG_EVERY_NANOS = Duration.ofSeconds(10).toNanos();

    private final ProgressBar bar;
    private final PrintStream log;
    private final String task;
    private final String unit;
    private final long max;
    private final long start = System.nanoTime();
    private long current;
    private long lastLog = start;
    private String message = "";

    private Progress(ProgressBar bar, PrintStream log, String task, String unit, long max) {
        this.bar = bar;
        this.log = log;
        this.task = task;
        this.unit = unit;
        this.max = max;
    }

    /**
     * Starts reporting.
     *
     * @param task what is being done
     * @param unit the unit of a step, e.g. {@code docs}
     * @param max the number of steps, or -1 when unknown
     * @return the progress
     */
    static Progress start(String task, String unit, long max) {
        if (System.console() != null) {
            ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(max)
                    .setUnit(" " + unit, 1).showSpeed().setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(250).continuousUpdate().build();
            return new Progress(bar, null, task, unit, max);
        }
        return new Progress(null, System.err, task, unit, max);
    }

    /**
     * Sets the amount done.
     *
     * @param done steps done so far
     */
    synchronized void stepTo(long done) {
        current = done;
        if (bar != null) {
            bar.stepTo(done);
            return;
        }
        long now = System.nanoTime();
        if (now - lastLog >= LOG_EVERY_NANOS) {
            lastLog = now;
            log.printf("%s: %d%s %s (%.1f %s/s) %s%n", task, done, max >= 0 ? " of " + max : "", unit,
                    done / ((now - start) / 1e9), unit, message);
        }
    }

    /**
     * Shows a message beside the progress (e.g. the current loss).
     *
     * @param text the message
     */
    synchronized void message(String text) {
        message = text;
        if (bar != null) {
            bar.setExtraMessage(text);
        }
    }

    /** Advances by one step. */
    synchronized void step() {
        stepTo(current + 1);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
