package org.clinner.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

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

    private static final Set<PosixFilePermission> READABLE = PosixFilePermissions.fromString("rw-r--r--");

    private AtomicFiles() {}

    /** Gives the file the permissions of the file it replaces, else rw-r--r-- (temporary files are private). */
    private static void permissions(Path temp, Path target) throws IOException {
        if (!temp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Files.setPosixFilePermissions(temp, Files.exists(target) ? Files.getPosixFilePermissions(target) : READABLE);
    }

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
            permissions(temp, target);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
