package org.clinner.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@code clinner} in a JVM of its own (its memory and system calls are its own), optionally under a wrapper command. */
final class CliProcess {

    private CliProcess() {}

    /**
     * What the process gave.
     *
     * @param exitCode its exit code
     * @param err what it printed on stderr (stdout is discarded)
     */
    record Outcome(int exitCode, String err) {}

    /**
     * Runs the command line.
     *
     * @param wrapper a command to run the JVM under (e.g. strace), or an empty list
     * @param jvmOptions JVM options such as {@code -Xmx256m}
     * @param environment variables added to this process's environment
     * @param args clinner's arguments
     * @return exit code and stderr
     * @throws IOException when the process cannot start
     * @throws InterruptedException when interrupted while waiting
     */
    static Outcome run(List<String> wrapper, List<String> jvmOptions, Map<String, String> environment, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(wrapper);
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ClinnerCli.class.getName());
        command.addAll(List.of(args));
        Path err = Files.createTempFile("clinner-err-", ".txt");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(err.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(15, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("clinner did not finish in 15 minutes: " + command);
            }
            return new Outcome(process.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
