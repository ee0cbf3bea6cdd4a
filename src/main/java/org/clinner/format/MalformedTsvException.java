package org.clinner.format;

import java.io.IOException;
import java.nio.file.Path;

/** A MultiClinAI TSV file with a row that cannot be used; the message names the file and line. */
public class MalformedTsvException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param file the file
     * @param line the 1-based line where the row starts, or -1 when unknown
     * @param problem what is wrong
     */
    public MalformedTsvException(Path file, long line, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem);
    }
}
