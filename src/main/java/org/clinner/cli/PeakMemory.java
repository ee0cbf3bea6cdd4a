package org.clinner.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The process's resident memory from Linux {@code /proc/self/status}: current RSS, and the peak
 * since the last {@link #reset()} (writing 5 to {@code /proc/self/clear_refs} resets the peak).
 */
final class PeakMemory {

    private static final Path STATUS = Paths.get("/proc/self/status");

    private PeakMemory() {}

    /** Starts a new peak at the current RSS. */
    static void reset() {
        try {
            Files.writeString(Paths.get("/proc/self/clear_refs"), "5");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reset the peak RSS", e);
        }
    }

    /**
     * Returns the resident set size now.
     *
     * @return bytes
     */
    static long currentRss() {
        return field("VmRSS:");
    }

    /**
     * Returns the highest resident set size since the last reset.
     *
     * @return bytes
     */
    static long peakRss() {
        return field("VmHWM:");
    }

    private static long field(String name) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]) * 1024;
                }
            }
            throw new IllegalStateException(name + " not in " + STATUS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
