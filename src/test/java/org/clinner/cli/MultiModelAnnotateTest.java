package org.clinner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clinner.frontend.ExitCode;
import org.clinner.model.MultiTaskFixture;
import org.clinner.model.TestSnapshots;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * {@code clinner annotate} with DT4H multi-task state dicts and with several models in one run:
 * one head gives the published MTL script's TSV for its {@code --task} byte for byte; all heads of
 * one pass give all their rows; several models give the union of their single runs' rows.
 */
class MultiModelAnnotateTest {

    private static final Path INPUT = MultiTaskFixture.DIR.resolve("cli/input");
    private static final Path EXPECTED = MultiTaskFixture.DIR.resolve("cli/expected");
    private static final String MULTILABEL = MultiTaskFixture.DIR.resolve("multilabel.pt").toString();
    private static final String ES_IT_RO = MultiTaskFixture.DIR.resolve("es-it-ro.pt").toString();
    private static final String BASE = MultiTaskFixture.BASE.toString();
    private static final String LABELS = "clinical_ner=" + MultiTaskFixture.CLINICAL_LABELS;

    @TempDir
    Path temp;

    private String annotate(String name, String... modelOptions) throws Exception {
        Path output = temp.resolve(name + ".tsv");
        List<String> args = new ArrayList<>(List.of("annotate", "--input", INPUT.toString(), "--output",
                output.toString(), "--mode", "raw", "--summary", temp.resolve(name + ".json").toString()));
        args.addAll(List.of(modelOptions));
        CliRunner.Outcome outcome = CliRunner.run(args.toArray(new String[0]));
        assertEquals(ExitCode.OK, outcome.exitCode(), outcome.err());
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    private static String expected(String checkpoint, String task) throws Exception {
        return Files.readString(EXPECTED.resolve(checkpoint).resolve(task + ".tsv"), StandardCharsets.UTF_8);
    }

    @Test
    void oneHeadWritesThePublishedScriptsTsvForItsTask() throws Exception {
        for (String task : List.of("disease", "procedure", "symptom")) {
            assertEquals(expected("multilabel", task), annotate(task, "--model", MULTILABEL, "--base-model", BASE,
                    "--tasks", task), task);
        }
        for (String task : List.of("clinical_ner", "disease_es_ner", "disease_it_ner", "disease_ro_ner")) {
            assertEquals(expected("es-it-ro", task), annotate(task, "--model", ES_IT_RO, "--base-model", BASE,
                    "--tasks", task, "--id2label", LABELS), task);
        }
    }

    @Test
    void allHeadsOfOnePassWriteAllTheirRows() throws Exception {
        List<Row> rows = new ArrayList<>();
        for (String task : List.of("disease", "procedure", "symptom")) {
            rows.addAll(body(expected("multilabel", task)));
        }
        assertEquals(sorted(rows), raw(body(annotate("all", "--model", MULTILABEL, "--base-model", BASE))));
        Summary run = Summary.read(temp.resolve("all.json"));
        assertEquals(1, run.json().path("model_loads").asInt());
        assertEquals("[\"disease\",\"procedure\",\"symptom\"]", run.json().path("models").get(0).path("tasks")
                .toString(), "all heads by default");
        assertEquals("fp32", run.json().path("models").get(0).path("precision").asText());
        assertEquals("cpu", run.json().path("models").get(0).path("device").asText());
    }

    @Test
    void severalModelsInOneRunWriteTheUnionOfTheirSingleRunsRows() throws Exception {
        String snapshot = TestSnapshots.PARITY.resolve("model-f32").toString();
        List<Row> union = new ArrayList<>(body(annotate("snapshot", "--model", snapshot)));
        union.addAll(body(annotate("procedure", "--model", MULTILABEL, "--base-model", BASE, "--tasks", "procedure")));
        union.addAll(body(annotate("clinical", "--model", ES_IT_RO, "--base-model", BASE, "--tasks", "clinical_ner",
                "--id2label", LABELS)));
        String together = annotate("together", "--model", snapshot, "--model", MULTILABEL, "--base-model", BASE,
                "--tasks", "procedure", "--model", ES_IT_RO, "--base-model", BASE, "--tasks", "clinical_ner",
                "--id2label", LABELS);
        assertEquals("filename\tlabel\tstart_span\tend_span\ttext\n" + String.join("", sorted(union)), together);
        Summary run = Summary.read(temp.resolve("together.json"));
        assertEquals(3, run.json().path("models").size());
        assertEquals(body(together).size(), run.mentions());
    }

    @Test
    void optionsThatDoNotFitTheModelStopTheRunNamingTheOption() throws Exception {
        Path output = temp.resolve("never.tsv");
        CliRunner.Outcome torchScript = CliRunner.run("annotate", "--input", INPUT.toString(), "--output",
                output.toString(), "--model", MULTILABEL, "--base-model", BASE, "--torchscript", "model-bf16.pt");
        assertEquals(ExitCode.USAGE, torchScript.exitCode(), torchScript.err());
        assertTrue(torchScript.err().contains("--torchscript is for single-task snapshots"), torchScript.err());
        CliRunner.Outcome base = CliRunner.run("annotate", "--input", INPUT.toString(), "--output",
                output.toString(), "--model", TestSnapshots.PARITY.resolve("model-f32").toString(), "--base-model",
                BASE);
        assertEquals(ExitCode.USAGE, base.exitCode(), base.err());
        assertTrue(base.err().contains("--base-model is for .pt state dicts"), base.err());
        CliRunner.Outcome task = CliRunner.run("annotate", "--input", INPUT.toString(), "--output",
                output.toString(), "--model", MULTILABEL, "--base-model", BASE, "--tasks", "finding");
        assertEquals(ExitCode.USAGE, task.exitCode(), task.err());
        assertTrue(task.err().contains("no head for task 'finding'; its heads: disease, procedure, symptom"),
                task.err());
        assertTrue(!Files.exists(output));
    }

    /** One record of a TSV: its bytes as written (a quoted text may span lines) and its fields. */
    private record Row(String raw, CSVRecord fields) {}

    /** The rows of a TSV, without the header. */
    private static List<Row> body(String tsv) throws IOException {
        List<CSVRecord> records = CSVFormat.DEFAULT.builder().setDelimiter('\t').get().parse(new StringReader(tsv))
                .getRecords();
        List<Row> rows = new ArrayList<>();
        for (int r = 1; r < records.size(); r++) {
            int end = r + 1 < records.size() ? (int) records.get(r + 1).getCharacterPosition() : tsv.length();
            rows.add(new Row(tsv.substring((int) records.get(r).getCharacterPosition(), end), records.get(r)));
        }
        return rows;
    }

    private static List<String> raw(List<Row> rows) {
        return rows.stream().map(Row::raw).toList();
    }

    /** Rows in the TSV's order: file name by code point, then start and end as numbers, label, text. */
    private static List<String> sorted(List<Row> rows) {
        Comparator<Row> order = Comparator.<Row, String>comparing(row -> row.fields().get(0),
                        MultiModelAnnotateTest::byCodePoint)
                .thenComparingInt(row -> Integer.parseInt(row.fields().get(2)))
                .thenComparingInt(row -> Integer.parseInt(row.fields().get(3)))
                .thenComparing(row -> row.fields().get(1))
                .thenComparing(row -> row.fields().get(4), MultiModelAnnotateTest::byCodePoint);
        return rows.stream().sorted(order).map(Row::raw).toList();
    }

    private static int byCodePoint(String a, String b) {
        return Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
    }
}
