package org.clinner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clinner.format.MultiClinAiRow;
import org.clinner.format.MultiClinAiTsv;
import org.clinner.frontend.ExitCode;
import org.clinner.model.TestSnapshots;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

/**
 * A run killed with SIGKILL half-way leaves the previous TSV as it was and only whole XMI files
 * under their final names (a temporary file is hidden, so a rerun does not read it); a rerun with
 * {@code --overwrite} then replaces everything.
 */
class KilledRunTest {

    private static final int DOCUMENTS = 3000;

    @TempDir
    Path temp;

    @Test
    void aKilledRunLosesNothingAndARerunReplacesTheOutputs() throws Exception {
        Path input = Files.createDirectories(temp.resolve("input"));
        for (int i = 0; i < DOCUMENTS; i++) {
            Files.writeString(input.resolve(String.format("note-%04d.txt", i)), BadInputCorpus.BASE);
        }
        Path model = TestSnapshots.writeConstantLabelSnapshot(temp.resolve("model"), 0);
        Path output = Files.writeString(temp.resolve("mentions.tsv"), "the previous run's output\n");
        Path xmi = temp.resolve("xmi");
        Path memory = temp.resolve("memory.csv");
        String[] args = {"annotate", "--input", input.toString(), "--output", output.toString(), "--xmi",
                xmi.toString(),
            "--model", model.toString(), "--overwrite", "--memory-log", memory.toString()};

        try (CliProcess.Running run = CliProcess.start(List.of(), List.of(), Map.of(), args)) {
            long deadline = System.nanoTime() + 300_000_000_000L;
            while (!(Files.exists(memory) && Files.readAllLines(memory).size() > 3)) {
                assertTrue(run.process().isAlive(), "the run ended before it could be killed");
                assertTrue(System.nanoTime() < deadline, "no progress in 5 minutes");
                Thread.sleep(20);
            }
            run.process().destroyForcibly().waitFor();
        }
        assertEquals("the previous run's output\n", Files.readString(output));
        List<Path> written;
        try (Stream<Path> files = Files.list(xmi)) {
            written = files.filter(f -> !f.getFileName().toString().startsWith(".")).toList();
        }
        assertTrue(written.size() > 200 && written.size() < DOCUMENTS, written.size() + " XMI files");
        for (Path file : written) {
            // every file under a final name parses as a whole XML document
            DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        }

        Path summary = temp.resolve("summary.json");
        List<String> rerunArgs = new ArrayList<>(List.of(args));
        rerunArgs.addAll(List.of("--summary", summary.toString()));
        CliProcess.Outcome rerun = CliProcess.run(List.of(), List.of(), Map.of(), rerunArgs.toArray(new String[0]));
        assertEquals(ExitCode.OK, rerun.exitCode(), rerun.err());
        Summary run = Summary.read(summary);
        assertEquals(DOCUMENTS, run.documents());
        assertEquals(List.of(), run.failed());
        Map<String, Long> rowsPerDocument = MultiClinAiTsv.read(output).stream()
                .collect(Collectors.groupingBy(MultiClinAiRow::filename, Collectors.counting()));
        assertEquals(DOCUMENTS, rowsPerDocument.size());
        assertEquals(1, rowsPerDocument.values().stream().distinct().count(), "the same rows for every copy");
        try (Stream<Path> files = Files.list(xmi)) {
            assertEquals(DOCUMENTS + 1, files.filter(f -> !f.getFileName().toString().startsWith(".")).count(),
                    "an XMI per document and TypeSystem.xml");
        }
    }
}
