package org.clinner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clinner.format.MultiClinAiRow;
import org.clinner.format.MultiClinAiTsv;
import org.clinner.frontend.ExitCode;
import org.clinner.model.TestSnapshots;
import org.clinner.testing.TrimmedWords;

import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;

import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.fit.factory.AnalysisEngineFactory;
import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.dkpro.core.tokit.BreakIteratorSegmenter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code clinner annotate} over every bad input of {@link BadInputCorpus}, in a JVM of its own that
 * cannot read a file its permissions forbid (as root too): every failing document is listed with
 * its name and reason, the run exits 1, and every other document's rows are written with exact
 * offsets. The model gives every token {@code B-PROCEDURE}, so each word is a mention of its own and
 * the expected rows follow from the words alone: in raw mode the text split at spaces (Metaspace
 * words), in words mode DKPro's tokens, each trimmed of whitespace and then punctuation.
 */
class BadInputTest {

    /** Documents so long that words cut by a window boundary also vote as the part that window saw (raw mode). */
    private static final List<String> WINDOWED = List.of("long-line", "long-word");

    @TempDir
    static Path temp;
    private static Path input;
    private static List<BadInputCorpus.Case> cases;
    private static Path model;

    @BeforeAll
    static void writeCorpus() throws Exception {
        input = temp.resolve("input");
        cases = BadInputCorpus.write(input);
        model = TestSnapshots.writeConstantLabelSnapshot(temp.resolve("every-token-b"), 0);
    }

    @Test
    void rawModeWritesEveryReadableDocumentAndListsTheOthers() throws Exception {
        Map<String, List<MultiClinAiRow>> rows = run("raw", failures(), List.of());
        for (BadInputCorpus.Case c : readable()) {
            List<MultiClinAiRow> expected = metaspaceWords(c.document(), decode(input.resolve(c.name())));
            List<MultiClinAiRow> found = rows.getOrDefault(c.document(), List.of());
            if (WINDOWED.contains(c.document())) {
                assertEachWordCovered(expected, found, c.name());
            } else {
                assertEquals(expected, found, c.name());
            }
        }
        assertBomShiftsEveryOffsetByOne(rows.get("plain"), rows.get("bom"));
        String tsv = Files.readString(temp.resolve("raw.tsv"), StandardCharsets.UTF_8);
        assertTrue(tsv.contains("\t\"biopsia\trenal\"\n") && tsv.contains("\t\"eco\ngrafía\"\n"),
                "tabs and newlines inside a mention are quoted");
    }

    @Test
    void wordsModeWritesEveryReadableDocumentWithItsXmiAndListsTheOthers() throws Exception {
        Path xmi = temp.resolve("words-xmi");
        Map<String, String> failures = failures();
        // no XML version can hold U+0000: the document's XMI fails, its rows are written (the TSV writer runs first)
        failures.put("control-characters.txt", "cannot be written as XMI: Trying to serialize non-XML 1.1 character:"
                + " 0x0 at offset 18 in string starting with Se realizó una bio");
        Map<String, List<MultiClinAiRow>> rows = run("words", failures, List.of("--xmi", xmi.toString()));
        for (BadInputCorpus.Case c : readable()) {
            assertEquals(dkproTokens(c.document(), decode(input.resolve(c.name()))),
                    rows.getOrDefault(c.document(), List.of()), c.name());
            assertEquals(!failures.containsKey(c.name()), Files.isRegularFile(xmi.resolve(c.document() + ".xmi")),
                    c.name() + ": an XMI exactly when the document did not fail");
        }
        assertBomShiftsEveryOffsetByOne(rows.get("plain"), rows.get("bom"));
    }

    /**
     * Runs {@code clinner annotate} over the corpus and checks the failed documents and their reasons.
     *
     * @return the rows of the TSV by document
     */
    private static Map<String, List<MultiClinAiRow>> run(String mode, Map<String, String> failures, List<String> more)
            throws Exception {
        Path output = temp.resolve(mode + ".tsv");
        Path summary = temp.resolve(mode + ".json");
        List<String> args = new ArrayList<>(List.of("annotate", "--input", input.toString(), "--output",
                output.toString(), "--model", model.toString(), "--mode", mode, "--threads", "2",
                "--summary", summary.toString()));
        args.addAll(more);
        CliProcess.Outcome outcome = CliProcess.run(withoutFileAccessOverride(), List.of("-Xmx2g"), Map.of(),
                args.toArray(new String[0]));
        assertEquals(ExitCode.SOME_FAILED, outcome.exitCode(), outcome.err());
        Summary run = Summary.read(summary);
        assertEquals(cases.size(), run.documents());
        List<String> expected = failures.entrySet().stream().map(f -> f.getKey() + ": " + f.getValue())
                .sorted().toList();
        assertEquals(expected, run.failed().stream().sorted().toList(), "each failed document once, with its reason");
        assertEquals(expected.stream().map(f -> "failed: " + f).toList(),
                outcome.err().lines().filter(line -> line.startsWith("failed: ")).sorted().toList());
        Map<String, List<MultiClinAiRow>> rows = MultiClinAiTsv.read(output).stream()
                .collect(Collectors.groupingBy(MultiClinAiRow::filename));
        for (String failed : failures.keySet()) {
            assertEquals(failed.equals("control-characters.txt"), rows.containsKey(failed.replace(".txt", "")), failed);
        }
        return rows;
    }

    /** The documents that fail whatever the mode, with their reasons. */
    private static Map<String, String> failures() {
        Map<String, String> failures = new LinkedHashMap<>();
        cases.stream().filter(c -> c.failure() != null).forEach(c -> failures.put(c.name(), c.failure()));
        return failures;
    }

    private static List<BadInputCorpus.Case> readable() {
        return cases.stream().filter(c -> c.failure() == null).toList();
    }

    @Test
    void theGeneratorWritesEveryCaseOfTheIssue() {
        assertEquals(List.of("empty", "whitespace-only", "plain", "bom", "invalid-utf8", "binary-garbage",
                        "control-characters", "long-line", "long-word", "unicode", "crlf-and-lone-cr",
                        "tab-and-newline-in-words", "nombre con espacios ñandú é", "unreadable", "self-loop"),
                cases.stream().map(BadInputCorpus.Case::document).toList());
        assertTrue(Files.isSymbolicLink(input.resolve("loop")));
    }

    /** As root, runs the JVM without the capabilities that let root read any file (so file permissions count). */
    private static List<String> withoutFileAccessOverride() throws Exception {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") != 0 ? List.of()
                : List.of("setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--");
    }

    /** Python's {@code open(path, encoding="utf-8").read()}: a BOM stays, CRLF and lone CR become LF. */
    private static String decode(Path file) throws Exception {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).replace("\r\n", "\n").replace('\r', '\n');
    }

    /** Every span split at ASCII spaces, trimmed, with code point offsets. */
    private static List<MultiClinAiRow> metaspaceWords(String document, String text) {
        List<MultiClinAiRow> rows = new ArrayList<>();
        int start = 0;
        for (int end = 0; end <= text.length(); end++) {
            if (end == text.length() || text.charAt(end) == ' ') {
                TrimmedWords.add(rows, document, text, start, end);
                start = end + 1;
            }
        }
        return rows;
    }

    /** Every DKPro token, trimmed, with code point offsets. */
    private static List<MultiClinAiRow> dkproTokens(String document, String text) throws Exception {
        AnalysisEngine segmenter = AnalysisEngineFactory.createEngine(BreakIteratorSegmenter.class,
                BreakIteratorSegmenter.PARAM_LANGUAGE, "es");
        JCas jcas = JCasFactory.createText(text, "es");
        segmenter.process(jcas);
        List<MultiClinAiRow> rows = new ArrayList<>();
        for (Token token : JCasUtil.select(jcas, Token.class)) {
            TrimmedWords.add(rows, document, text, token.getBegin(), token.getEnd());
        }
        segmenter.destroy();
        return rows;
    }

    /** Raw mode on long inputs: every word's rows lie inside it, start at its start and end at its end. */
    private static void assertEachWordCovered(List<MultiClinAiRow> words, List<MultiClinAiRow> found, String name) {
        int next = 0;
        for (MultiClinAiRow word : words) {
            int first = next;
            while (next < found.size() && found.get(next).start() < word.end()) {
                MultiClinAiRow row = found.get(next++);
                assertTrue(row.start() >= word.start() && row.end() <= word.end(), name + ": " + row + " outside "
                        + word);
            }
            assertTrue(next > first, name + ": no row for " + word);
            assertEquals(word.start(), found.get(first).start(), name);
            assertEquals(word.end(), found.subList(first, next).stream().mapToInt(MultiClinAiRow::end).max().orElse(-1),
                    name);
        }
        assertEquals(found.size(), next, name + ": rows after the last word");
    }

    private static void assertBomShiftsEveryOffsetByOne(List<MultiClinAiRow> plain, List<MultiClinAiRow> bom) {
        assertEquals(plain.size(), bom.size());
        for (int i = 1; i < plain.size(); i++) {
            assertEquals(plain.get(i).start() + 1, bom.get(i).start());
            assertEquals(plain.get(i).text(), bom.get(i).text());
        }
        assertEquals(plain.get(0).end() + 1, bom.get(0).end());
    }
}
