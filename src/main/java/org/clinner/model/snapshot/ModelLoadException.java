package org.clinner.model.snapshot;

import java.nio.file.Path;

/**
 * A model that cannot be found or loaded: the message starts with the file (or folder) and names
 * the problem and, where known, the tensor. It is not an {@code IOException}: an I/O error is one
 * cause among others (a wrong shape, labels that are not BIO), and callers that also do I/O handle
 * the two apart.
 */
public class ModelLoadException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What is wrong, without the file. */
    private final String problem;

    /**
     * Creates an exception about one file of a model directory.
     *
     * @param file the offending file
     * @param problem what is wrong with it
     */
    public ModelLoadException(Path file, String problem) {
        super(file + ": " + problem);
        this.problem = problem;
    }

    /**
     * Creates an exception about one file of a model directory, with its cause.
     *
     * @param file the offending file
     * @param problem what is wrong with it
     * @param cause the underlying error
     */
    public ModelLoadException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.problem = problem;
    }

    /**
     * Returns what is wrong, without the file.
     *
     * @return the problem
     */
    public String problem() {
        return problem;
    }
}
