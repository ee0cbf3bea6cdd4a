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

/**
 * Runs {@code clinner} in a JVM of its own (its memory and system calls are its own), optionally under a wrapper
 * command.
 */
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
     * A process started in the background; closing it kills it if it still runs and deletes its stderr file.
     *
     * @param process the JVM
     * @param err the file its stderr goes to
     */
    record Running(Process process, Path err) implements AutoCloseable {
        /**
         * Waits for the end.
         *
         * @return exit code and stderr
         * @throws IOException when stderr cannot be read
         * @throws InterruptedException when interrupted while waiting
         */
        Outcome await() throws IOException, InterruptedException {
            if (!process.waitFor(15, TimeUnit.MINUTES)) {
                throw new IllegalStateException("clinner did not finish in 15 minutes: " + process.info());
            }
            return new Outcome(process.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
        }

        @Override
        public void close() throws IOException {
            process.destroyForcibly();
            Files.deleteIfExists(err);
        }
    }

    /**
     * Runs the command line to its end.
     *
     * @param wrapper a command to run the JVM under (e.g. strace), or an empty list
     * @param jvmOptions JVM options such as {@code -Xmx256m}
     * @param environment variables added to this process's environment
     * @param args clinner's arguments
     * @return exit code and stderr
     * @throws IOException when the process cannot start
     * @throws InterruptedException when interrupted while waiting
     */
    static Outcome run(List<String> wrapper, List<String> jvmOptions, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        try (Running running = start(wrapper, jvmOptions, environment, args)) {
            return running.await();
        }
    }

    /**
     * Starts the command line in the background.
     *
     * @param wrapper a command to run the JVM under, or an empty list
     * @param jvmOptions JVM options
     * @param environment variables added to this process's environment
     * @param args clinner's arguments
     * @return the running process
     * @throws IOException when the process cannot start
     */
    static Running start(List<String> wrapper, List<String> jvmOptions, Map<String, String> environment, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(wrapper);
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ClinnerCli.class.getName());
        command.addAll(List.of(args));
        Path err = Files.createTempFile("clinner-err-", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile());
        builder.environment().putAll(environment);
        return new Running(builder.start(), err);
    }
}
