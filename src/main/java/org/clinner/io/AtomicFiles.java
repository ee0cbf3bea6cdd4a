package org.clinner.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file so that it appears whole or not at all: the content goes to a temporary file in
 * the target's directory, which is then renamed over the target in one atomic step. A run killed
 * half-way leaves no half-written file under the final name.
 */
public final class AtomicFiles {

    /** Writes the content of a file. */
    @FunctionalInterface
    public interface Content {
        /**
         * Writes the whole content to a file.
         *
         * @param file the temporary file to write
         * @throws IOException when writing fails
         */
        void writeTo(Path file) throws IOException;
    }

    private AtomicFiles() {}

    /**
     * Writes a file atomically, replacing any existing one.
     *
     * @param target the final file
     * @param content writes the content to the temporary file it is given
     * @throws IOException when writing or renaming fails (the target is then left as it was)
     */
    public static void write(Path target, Content content) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temp = Files.createTempFile(directory, "." + target.getFileName(), ".tmp");
        try {
            content.writeTo(temp);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
