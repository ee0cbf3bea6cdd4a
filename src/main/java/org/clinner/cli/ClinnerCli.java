package org.clinner.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code clinner} command line: {@code annotate} a folder of clinical texts, {@code evaluate}
 * predictions against gold spans, {@code train} a model. Exit codes: 0 success, 1 some documents failed (the others are
 * written), 2 usage or model error.
 */
@Command(name = "clinner", mixinStandardHelpOptions = true, version = "clinner 0.1.0",
        description = "Transformer clinical NER (DT4H XLM-R models) in UIMA pipelines.",
        subcommands = {AnnotateCommand.class, EvaluateCommand.class, TrainCommand.class, BenchCommand.class,
            CommandLine.HelpCommand.class})
public final class ClinnerCli implements Runnable {

    /** Exit code: every document was processed. */
    public static final int OK = 0;
    /** Exit code: some documents failed; the others were written. */
    public static final int SOME_FAILED = 1;
    /** Exit code: wrong usage, or the model or an input could not be used. */
    public static final int USAGE = 2;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    /**
     * Runs a command line and returns its exit code (for tests and embedding).
     *
     * @param args the arguments
     * @return the exit code
     */
    public static int run(String... args) {
        CommandLine commandLine = new CommandLine(new ClinnerCli());
        commandLine.setExecutionExceptionHandler((error, line, parsed) -> {
            line.getErr().println("clinner: " + error.getMessage());
            return USAGE;
        });
        return commandLine.execute(args);
    }

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }
}
