package org.clinner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.clinner.frontend.ExitCode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * With no download requested, {@code clinner annotate} opens no network connection: every
 * {@code connect}/{@code sendto}/{@code sendmsg} system call of the JVM and its children is traced
 * with strace, and none may address an IPv4 or IPv6 socket. A run that does download (from a closed
 * local port) shows the trace catches one.
 */
class NoNetworkTest {

    private static final Pattern INTERNET = Pattern.compile("sa_family=AF_INET6?\\b");

    @TempDir
    Path temp;

    private List<String> traceInto(Path log) throws Exception {
        assumeTrue(new ProcessBuilder("strace", "-V").start().waitFor() == 0, "strace is not installed");
        return List.of("strace", "-f", "--seccomp-bpf", "-qq", "-e", "trace=connect,sendto,sendmsg", "-o",
                log.toString());
    }

    @Test
    void annotatingWithTheBuiltinModelOpensNoConnection() throws Exception {
        Path log = temp.resolve("strace.log");
        CliProcess.Outcome outcome = CliProcess.run(traceInto(log), List.of(), Map.of(), "annotate",
                "--input", "examples/texts", "--output", temp.resolve("out.tsv").toString());
        assertEquals(ExitCode.OK, outcome.exitCode(), outcome.err());
        String trace = Files.readString(log);
        assertTrue(trace.contains("connect("), "the trace records system calls: " + trace);
        assertTrue(!INTERNET.matcher(trace).find(), "network system calls:\n" + trace);
    }

    @Test
    void theTraceSeesADownloadAttempt() throws Exception {
        Path log = temp.resolve("strace.log");
        CliProcess.Outcome outcome = CliProcess.run(traceInto(log), List.of(),
                Map.of("HF_HOME", temp.resolve("hf").toString(), "HF_ENDPOINT", "http://127.0.0.1:9"),
                "annotate", "--input", "examples/texts", "--output", temp.resolve("out.tsv").toString(),
                "--model", "org/absent-model");
        assertEquals(ExitCode.USAGE, outcome.exitCode(), outcome.err());
        assertTrue(INTERNET.matcher(Files.readString(log)).find(), "no connection traced");
    }
}
