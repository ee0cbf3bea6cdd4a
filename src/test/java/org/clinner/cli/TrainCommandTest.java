package org.clinner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clinner.frontend.ExitCode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

/** {@code clinner train} stops before training, naming the document, when its corpus cannot be used. */
class TrainCommandTest {

    @TempDir
    Path temp;

    @Test
    void aGoldSpanThatDoesNotFitItsTextNamesTheDocument() throws Exception {
        Path texts = Files.createDirectories(temp.resolve("txt"));
        Files.writeString(texts.resolve("b.txt"), "Se hizo una biopsia.");
        Path gold = Files.writeString(temp.resolve("gold.tsv"),
                "filename\tlabel\tstart_span\tend_span\ttext\nb\tPROCEDURE\t11\t18\tbiopsia\n");
        Path output = temp.resolve("model");
        CliRunner.Outcome outcome = CliRunner.run("train", "--input", texts.toString(), "--gold", gold.toString(),
                "--output", output.toString());
        assertEquals(ExitCode.USAGE, outcome.exitCode(), outcome.err());
        assertTrue(outcome.err().contains(
                "clinner train: b: gold span 11-18 covers ' biopsi', the gold row says 'biopsia'\n"), outcome.err());
        assertFalse(Files.exists(output), "nothing was trained");
    }

    @Test
    void aBlankLanguageIsNamedByItsOption() throws Exception {
        Path texts = Files.createDirectories(temp.resolve("txt"));
        Path gold = Files.writeString(temp.resolve("gold.tsv"), "filename\tlabel\tstart_span\tend_span\ttext\n");
        CliRunner.Outcome outcome = CliRunner.run("train", "--input", texts.toString(), "--gold", gold.toString(),
                "--output", temp.resolve("model").toString(), "--language", " ");
        assertEquals(ExitCode.USAGE, outcome.exitCode(), outcome.err());
        assertEquals("clinner train: --language must name a language, e.g. es\n", outcome.err());
    }
}
