package org.clinner.io;

import org.clinner.text.CodePointOrder;

import org.springframework.util.AntPathMatcher;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;

/**
 * The documents of a folder tree, found the way a long run needs them: symbolic links are followed,
 * a link back to an enclosing folder is skipped instead of walked forever, hidden files and folders
 * are left out, and what cannot be read (a folder without permission, a link loop) is kept as an
 * entry with its problem, so that it is reported as a failed document instead of ending the walk or
 * silently dropping the files after it.
 */
public final class DocumentFolder {

    private static final AntPathMatcher MATCHER = new AntPathMatcher();

    /**
     * A document, or something that should have been one.
     *
     * @param file its path
     * @param relativePath its path below the folder, with {@code /} separators
     * @param problem why it cannot be read, or null
     */
    public record Entry(Path file, String relativePath, IOException problem) {}

    /**
     * What a walk found.
     *
     * @param entries the documents and unreadable entries, sorted by relative path (code point order)
     * @param skippedLoops relative paths of links to an enclosing folder, not followed
     */
    public record Listing(List<Entry> entries, List<String> skippedLoops) {}

    private DocumentFolder() {}

    /**
     * Walks a folder.
     *
     * @param root the folder
     * @param includes Ant-style patterns of relative paths to take, e.g. {@code **}{@code /*.txt}
     * @param excludes Ant-style patterns of relative paths to leave out
     * @return the documents, unreadable entries and skipped loops
     * @throws IOException when the folder itself cannot be walked
     */
    public static Listing scan(Path root, Collection<String> includes, Collection<String> excludes) throws IOException {
        Walk walk = new Walk(root, includes, excludes);
        Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, walk);
        walk.entries.sort(Comparator.comparing(Entry::relativePath, CodePointOrder.ORDER));
        return new Listing(List.copyOf(walk.entries), List.copyOf(walk.loops));
    }

    /** Collects the entries of one walk. */
    private static final class Walk extends SimpleFileVisitor<Path> {
        private final Path root;
        private final Collection<String> includes;
        private final Collection<String> excludes;
        private final List<Entry> entries = new ArrayList<>();
        private final List<String> loops = new ArrayList<>();

        Walk(Path root, Collection<String> includes, Collection<String> excludes) {
            this.root = root;
            this.includes = includes;
            this.excludes = excludes;
        }

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
            return !dir.equals(root) && hidden(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            String relative = relative(file);
            if (!hidden(file) && matches(relative, includes) && !matches(relative, excludes)) {
                entries.add(new Entry(file, relative, attributes.isSymbolicLink() ? unreadableLink(file) : null));
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException problem) {
            String relative = relative(file);
            if (problem instanceof FileSystemLoopException) {
                loops.add(relative);
            } else if (!hidden(file) && !matches(relative, excludes)
                    && (matches(relative, includes) || Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS))) {
                // a document that cannot be read, or a folder whose documents cannot be listed
                entries.add(new Entry(file, relative, problem));
            }
            return FileVisitResult.CONTINUE;
        }

        private String relative(Path file) {
            return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
        }
    }

    /**
     * Says in a few words why a file could not be read.
     *
     * @param problem what reading it threw
     * @return e.g. {@code permission denied} or {@code a symbolic link loop (Too many levels of symbolic links)}
     */
    public static String reason(IOException problem) {
        if (problem instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (problem instanceof NoSuchFileException) {
            return "no such file (a dangling symbolic link?)";
        }
        if (problem instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason().contains("symbolic links") ? "a symbolic link loop (" + fs.getReason() + ")"
                    : fs.getReason();
        }
        return problem.getMessage() != null ? problem.getMessage() : problem.getClass().getSimpleName();
    }

    /** A link the walk could not follow (its target is missing or loops): the error of reading through it. */
    private static IOException unreadableLink(Path link) {
        try {
            Files.readAttributes(link, BasicFileAttributes.class);
            return null;
        } catch (IOException e) {
            return e;
        }
    }

    private static boolean hidden(Path path) {
        return path.getFileName() != null && path.getFileName().toString().startsWith(".");
    }

    private static boolean matches(String relative, Collection<String> patterns) {
        for (String pattern : patterns) {
            if (MATCHER.match(pattern, relative)) {
                return true;
            }
        }
        return false;
    }
}
