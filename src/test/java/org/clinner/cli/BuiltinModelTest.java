package org.clinner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clinner.format.MultiClinAiRow;
import org.clinner.format.MultiClinAiTsv;
import org.clinner.frontend.ExitCode;
import org.clinner.testing.NeedsSharedData;
import org.clinner.testing.SharedData;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The built-in demo model through the command line: real procedures in Spanish text, and its model card's dev figures.
 */
class BuiltinModelTest {

    private static final Path BUILTIN = Paths.get("src/main/resources/org/clinner/model/builtin");

    @TempDir
    Path temp;

    @Test
    void findsProceduresInTheExampleTexts() throws Exception {
        Path output = temp.resolve("examples.tsv");
        CliRunner.Outcome outcome = CliRunner.run("annotate", "--input", "examples/texts", "--output",
                output.toString());
        assertEquals(ExitCode.OK, outcome.exitCode(), outcome.err());
        Set<String> found = new TreeSet<>();
        MultiClinAiTsv.read(output).forEach(r -> found.add(r.text().toLowerCase()));
        for (String procedure : List.of("electrocardiograma", "colonoscopia", "radiografía de tórax")) {
            assertTrue(found.stream().anyMatch(f -> f.contains(procedure)), procedure + " not in " + found);
        }
    }

    @Test
    @NeedsSharedData("train/txt")
    void theCommandLineReproducesTheDevScoresOfTheTrainingReport() throws Exception {
        Path medprocner = SharedData.medprocner();
        JsonNode report = new ObjectMapper().readTree(BUILTIN.resolve("training_report.json").toFile());
        Path input = Files.createDirectories(temp.resolve("dev"));
        Set<String> dev = new TreeSet<>();
        for (JsonNode name : report.path("dev_documents")) {
            dev.add(name.asText());
            Files.copy(medprocner.resolve("train/txt").resolve(name.asText() + ".txt"), input.resolve(name.asText()
                    + ".txt"));
        }
        List<MultiClinAiRow> gold = new ArrayList<>();
        for (MultiClinAiRow row : MultiClinAiTsv.read(medprocner.resolve("train/gold.tsv"))) {
            if (dev.contains(row.filename())) {
                gold.add(row);
            }
        }
        Path goldFile = temp.resolve("dev-gold.tsv");
        MultiClinAiTsv.write(goldFile, gold);
        Path predicted = temp.resolve("dev-pred.tsv");
        CliRunner.Outcome annotate = CliRunner.run("annotate", "--input", input.toString(), "--output",
                predicted.toString());
        assertEquals(ExitCode.OK, annotate.exitCode(), annotate.err());
        CliRunner.Outcome evaluate = CliRunner.run("evaluate", "--reference", goldFile.toString(), "--pred",
                predicted.toString());
        assertEquals(ExitCode.OK, evaluate.exitCode(), evaluate.err());
        assertEquals(report.path("best_dev"),
                new ObjectMapper().readTree(evaluate.out().getBytes(StandardCharsets.UTF_8)),
                "the shipped model scores on its dev documents what training measured");
    }
}
