package org.clinner.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A CSV of the process's memory every {@value #EVERY} documents of a long run, to show that native
 * and heap memory stay flat: resident set size (libtorch's buffers included), heap reserved from
 * the system, heap in use, and heap in use after the last garbage collection (what live objects
 * hold).
 */
final class MemoryLog implements AutoCloseable {

    /** Documents between two lines. */
    static final int EVERY = 100;

    /** The CSV header. */
    static final String HEADER = "documents,seconds,rss_bytes,heap_committed_bytes,heap_used_bytes,heap_after_gc_bytes";

    private final BufferedWriter out;
    private final long start = System.nanoTime();
    private long documents;

    private MemoryLog(BufferedWriter out) throws IOException {
        this.out = out;
        out.write(HEADER);
        out.newLine();
        out.flush();
    }

    /**
     * Starts a log, or returns null when there is no file to write.
     *
     * @param file the CSV to write (replaced), or null
     * @return the log, or null
     * @throws IOException when the file cannot be created
     */
    static MemoryLog open(Path file) throws IOException {
        return file == null ? null : new MemoryLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
    }

    /** Counts a finished document and writes a line every {@value #EVERY} documents. */
    synchronized void documentDone() {
        documents++;
        if (documents % EVERY != 0) {
            return;
        }
        Runtime runtime = Runtime.getRuntime();
        try {
            out.write(String.format("%d,%.3f,%d,%d,%d,%d", documents, (System.nanoTime() - start) / 1e9,
                    PeakMemory.currentRss(), runtime.totalMemory(), runtime.totalMemory() - runtime.freeMemory(),
                    heapAfterGc()));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long heapAfterGc() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage afterGc = pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported()
                    ? pool.getCollectionUsage() : null;
            used += afterGc == null ? 0 : afterGc.getUsed();
        }
        return used;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
