package org.clinner.model;

import java.io.IOException;
import java.nio.file.Path;

/** A model directory that cannot be loaded: the message names the file and, where known, the tensor. */
public class ModelLoadException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception about one file of a model directory.
     *
     * @param file the offending file
     * @param problem what is wrong with it
     */
    public ModelLoadException(Path file, String problem) {
        super(file + ": " + problem);
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
    }
}
