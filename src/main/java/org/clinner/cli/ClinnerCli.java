package org.clinner.cli;

import org.clinner.frontend.ExitCode;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code clinner} command line: {@code annotate} a folder of clinical texts, {@code evaluate}
 * predictions against gold spans, {@code train} a model, {@code serve} the models over HTTP, {@code bench}
 * the runtime. Exit codes are
 * those of {@link ExitCode}.
 */
@Command(name = "clinner", mixinStandardHelpOptions = true, version = "clinner 0.1.0",
        description = "Transformer clinical NER (DT4H XLM-R models) in UIMA pipelines.",
        subcommands = {AnnotateCommand.class, EvaluateCommand.class, TrainCommand.class, BenchCommand.class,
            InspectCommand.class, ServeCommand.class, CommandLine.HelpCommand.class})
public final class ClinnerCli implements Runnable {

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
        commandLine.setExecutionExceptionHandler(ExitCode.HANDLER);
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
