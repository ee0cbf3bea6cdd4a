package org.clinner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clinner.frontend.ExitCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

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

    @Test
    void theHtmlReportShowsTheOfficialFigures(@org.junit.jupiter.api.io.TempDir Path temp) throws Exception {
        Path html = temp.resolve("report.html");
        CliRunner.Outcome outcome = CliRunner.run("evaluate", "--reference", CASE.resolve("gold.tsv").toString(),
                "--pred", CASE.resolve("pred.tsv").toString(), "--entity", "DISEASE", "--html", html.toString());
        assertEquals(ExitCode.OK, outcome.exitCode(), outcome.err());
        JsonNode official = new ObjectMapper().readTree(CASE.resolve("expected-DISEASE.json").toFile());
        Element row = Jsoup.parse(html.toFile()).selectFirst(
                "table.scores tbody tr:has(td:eq(0):containsOwn(DISEASE))");
        List<String> expected = new ArrayList<>(List.of("DISEASE"));
        for (String figure : new String[] {"strict/precision", "strict/recall", "strict/f1", "strict/tp", "strict/fp",
            "strict/fn", "char_f1/precision", "char_f1/recall", "char_f1/f1"}) {
            JsonNode value = official.at("/" + figure);
            expected.add(value.isIntegralNumber() ? value.asText() : String.format(java.util.Locale.ROOT, "%.4f",
                    value.asDouble()));
        }
        assertEquals(expected, row.select("td").eachText());
    }

    @Test
    void reportOptionsThatCannotWorkStopTheRunBeforeAnyFileIsRead(@org.junit.jupiter.api.io.TempDir Path temp) {
        String missing = temp.resolve("absent.tsv").toString();
        CliRunner.Outcome textsAlone = CliRunner.run("evaluate", "--reference", missing, "--pred", missing,
                "--texts", temp.toString());
        assertEquals(ExitCode.USAGE, textsAlone.exitCode());
        assertEquals("clinner evaluate: --texts is for the HTML report: add --html FILE\n", textsAlone.err());
        CliRunner.Outcome noFolder = CliRunner.run("evaluate", "--reference", missing, "--pred", missing,
                "--html", temp.resolve("r.html").toString(), "--texts", missing);
        assertEquals("clinner evaluate: --texts " + missing + " is not a folder\n", noFolder.err());
        CliRunner.Outcome folderReport = CliRunner.run("evaluate", "--reference", missing, "--pred", missing,
                "--html", temp.toString());
        assertEquals("clinner evaluate: --html " + temp + " is a folder; give the report's file name\n",
                folderReport.err());
    }
}
