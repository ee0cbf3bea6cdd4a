package org.clinner.frontend;

/** The exit codes of every ClinNER front end (command line, Spark job). */
public final class ExitCode {

    /** Every document was processed. */
    public static final int OK = 0;
    /** Some documents failed (each listed with its reason); the others were written. */
    public static final int SOME_FAILED = 1;
    /** Wrong usage, or a setting, the model or an input could not be used; no document was written. */
    public static final int USAGE = 2;

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
