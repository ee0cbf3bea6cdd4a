package org.clinner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clinner.frontend.ExitCode;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** {@code clinner evaluate} prints the official scorer's bytes and names malformed rows. */
class EvaluateCommandTest {

    private static final Path CASE = Paths.get("src/test/resources/multiclinai/scorer/worked_example");

    @Test
    void printsTheOfficialJsonForTheWorkedExample() throws Exception {
        CliRunner.Outcome outcome = CliRunner.run("evaluate", "--reference", CASE.resolve("gold.tsv").toString(),
                "--pred", CASE.resolve("pred.tsv").toString(), "--entity", "DISEASE");
        assertEquals(ExitCode.OK, outcome.exitCode(), outcome.err());
        assertEquals(Files.readString(CASE.resolve("expected-DISEASE.json"), StandardCharsets.UTF_8), outcome.out());
        assertTrue(outcome.out().contains("\"precision\": 0.3333") && outcome.out().contains("\"f1\": 0.7733"));
    }

    @Test
    void aMalformedRowIsAUsageErrorWithItsLine(@org.junit.jupiter.api.io.TempDir Path temp) throws Exception {
        Path bad = Files.writeString(temp.resolve("pred.tsv"),
                "filename\tlabel\tstart_span\tend_span\ttext\nd\tX\t5\t3\tab\n");
        CliRunner.Outcome outcome = CliRunner.run("evaluate", "--reference", CASE.resolve("gold.tsv").toString(),
                "--pred", bad.toString());
        assertEquals(ExitCode.USAGE, outcome.exitCode());
        assertTrue(outcome.err().contains(bad + ":2: end_span 3 is not after start_span 5"), outcome.err());
    }
}
