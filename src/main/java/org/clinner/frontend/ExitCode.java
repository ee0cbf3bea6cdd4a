package org.clinner.frontend;

import org.clinner.uima.DocumentFailure;

import picocli.CommandLine;

/** The exit codes of every ClinNER front end (command line, Spark job). */
public final class ExitCode {

    /** Every document was processed. */
    public static final int OK = 0;
    /** Some documents failed (each listed with its reason); the others were written. */
    public static final int SOME_FAILED = 1;
    /**
     * Wrong usage, a setting, the model or an input that cannot be used (found before any document
     * is read), or a run that could not go on.
     */
    public static final int USAGE = 2;

    /**
     * Ends a command whose run threw: {@code COMMAND: MESSAGE} on stderr (the document's name and the
     * reason when a document is to blame, {@link DocumentFailure#message}), and {@link #USAGE}.
     */
    public static final CommandLine.IExecutionExceptionHandler HANDLER = (error, line, parsed) ->
            usage(line.getCommandSpec().qualifiedName(), DocumentFailure.message(error));

    private ExitCode() {}

    /**
     * Reports a usage error, as every front end does: {@code COMMAND: PROBLEM} on stderr.
     *
     * @param command the front end's name, e.g. {@code clinner annotate}
     * @param problem what is wrong
     * @return {@link #USAGE}
     */
    public static int usage(String command, String problem) {
        System.err.println(command + ": " + problem);
        return USAGE;
    }
}
