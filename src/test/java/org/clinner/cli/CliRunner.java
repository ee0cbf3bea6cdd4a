package org.clinner.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the command line in this JVM and captures what it prints. */
public final class CliRunner {

    /**
     * What a command line run gave.
     *
     * @param exitCode its exit code
     * @param out what it printed on stdout
     * @param err what it printed on stderr
     */
    public record Outcome(int exitCode, String out, String err) {}

    private CliRunner() {}

    /**
     * Runs {@code clinner} with arguments.
     *
     * @param args the arguments
     * @return exit code and output
     */
    public static synchronized Outcome run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            int code = ClinnerCli.run(args);
            return new Outcome(code, outBytes.toString(StandardCharsets.UTF_8),
                    errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
