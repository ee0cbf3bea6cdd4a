package org.clinner.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clinner.cli.CliRunner;
import org.clinner.format.MultiClinAiRow;
import org.clinner.format.MultiClinAiTsv;
import org.clinner.model.TestSnapshots;
import org.clinner.testing.Browser;
import org.clinner.text.PythonText;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code clinner evaluate --html} opened in Chromium: every gold and predicted row of the parity
 * documents (the emoji, NBSP and combining-accent one included) is one highlighted span of its pane
 * with the right offsets, text and kind; the kinds and the documents table match a count made here a
 * different way; a document holding markup shows it as text and runs nothing; filters and sorting work.
 */
class EvaluationReportBrowserTest {

    /** A document whose text is markup that would run if it were not escaped. */
    static final String SCRIPT = "<script>window.pwned = 1</script><img src=x onerror=\"window.pwned = 2\">"
            + " Se realizó una biopsia & una <b>colonoscopia</b>.\n";

    @TempDir
    static Path temp;

    private static Browser browser;
    private static Map<String, String> texts;
    private static List<MultiClinAiRow> gold;
    private static List<MultiClinAiRow> predicted;

    @BeforeAll
    static void writeAndOpen() throws Exception {
        Path input = temp.resolve("texts");
        copyParityInput(input);
        Files.writeString(input.resolve("script.txt"), SCRIPT, StandardCharsets.UTF_8);
        texts = Texts.read(input, problem -> { });
        predicted = new ArrayList<>(MultiClinAiTsv.read(TestSnapshots.PARITY.resolve("cli/expected-raw.tsv")));
        predicted.add(row("script", "PROCEDURE", SCRIPT.indexOf("biopsia"), SCRIPT.indexOf(" &")));
        predicted.add(row("script", "PROCEDURE", SCRIPT.indexOf("<b>"), SCRIPT.indexOf("</b>") + 4));
        gold = perturbed(predicted);
        Path goldFile = temp.resolve("gold.tsv");
        Path predFile = temp.resolve("pred.tsv");
        MultiClinAiTsv.write(goldFile, gold::iterator);
        MultiClinAiTsv.write(predFile, predicted::iterator);
        Path html = temp.resolve("report.html");
        CliRunner.Outcome result = CliRunner.run("evaluate", "--reference", goldFile.toString(), "--pred",
                predFile.toString(), "--html", html.toString(), "--texts", input.toString());
        assertEquals(0, result.exitCode(), result.err());
        browser = Browser.start();
        browser.open(html.toUri().toString());
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
    }

    static void copyParityInput(Path target) throws Exception {
        Path source = TestSnapshots.PARITY.resolve("cli/input");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path copy = target.resolve(source.relativize(file).toString());
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy);
            }
        }
    }

    private static MultiClinAiRow row(String filename, String label, int begin, int end) {
        String text = SCRIPT;
        return new MultiClinAiRow(filename, label, text.codePointCount(0, begin), text.codePointCount(0, end),
                text.substring(begin, end));
    }

    /**
     * Gold rows made from the predictions so that every kind occurs: every third prediction is left out
     * (a false positive), every fourth is one character shorter (a boundary mismatch on both sides),
     * and every fifth gains a gold twin of another label (a false negative).
     */
    private static List<MultiClinAiRow> perturbed(List<MultiClinAiRow> rows) {
        List<MultiClinAiRow> made = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            MultiClinAiRow row = rows.get(i);
            if (i % 3 == 2) {
                continue;
            }
            String text = texts.get(row.filename());
            if (i % 4 == 1 && row.end() - row.start() > 1) {
                int end = text.offsetByCodePoints(0, row.end() - 1);
                made.add(new MultiClinAiRow(row.filename(), row.label(), row.start(), row.end() - 1,
                        text.substring(text.offsetByCodePoints(0, row.start()), end)));
            } else {
                made.add(row);
            }
            if (i % 5 == 0) {
                made.add(new MultiClinAiRow(row.filename(), "DISEASE", row.start(), row.end(), row.text()));
            }
        }
        return made;
    }

    /** The kind of each row, worked out from covered characters rather than span overlaps. */
    private static Map<MultiClinAiRow, String> kinds(List<MultiClinAiRow> rows, List<MultiClinAiRow> other,
            String unmatched) {
        Set<String> equal = new HashSet<>();
        Map<String, BitSet> covered = new HashMap<>();
        for (MultiClinAiRow o : other) {
            equal.add(o.filename() + "|" + o.label() + "|" + o.start() + "|" + o.end());
            covered.computeIfAbsent(o.filename() + "|" + o.label(), k -> new BitSet()).set(o.start(), o.end());
        }
        Map<MultiClinAiRow, String> kinds = new HashMap<>();
        for (MultiClinAiRow row : rows) {
            BitSet chars = covered.getOrDefault(row.filename() + "|" + row.label(), new BitSet());
            boolean overlaps = chars.nextSetBit(row.start()) >= 0 && chars.nextSetBit(row.start()) < row.end();
            kinds.put(row, equal.contains(row.filename() + "|" + row.label() + "|" + row.start() + "|" + row.end())
                    ? "exact" : overlaps ? "boundary" : unmatched);
        }
        return kinds;
    }

    /** What a pane should show: "label start end kind text", in code points. */
    private static List<String> expected(String document, List<MultiClinAiRow> rows,
            Map<MultiClinAiRow, String> kinds) {
        List<String> lines = new ArrayList<>();
        for (MultiClinAiRow row : rows) {
            if (row.filename().equals(document)) {
                lines.add(row.label() + " " + row.start() + " " + row.end() + " " + kinds.get(row) + " " + row.text());
            }
        }
        lines.sort(null);
        return lines;
    }

    private static List<String> shown(Browser.Pane pane) {
        List<String> lines = new ArrayList<>();
        for (Browser.Shown mark : pane.marks()) {
            assertTrue(mark.contiguous(), mark.toString());
            lines.add(mark.label() + " " + pane.text().codePointCount(0, mark.start()) + " "
                    + pane.text().codePointCount(0, mark.end()) + " " + mark.classes() + " "
                    + pane.text().substring(mark.start(), mark.end()));
        }
        lines.sort(null);
        return lines;
    }

    @Test
    void everyRowIsOneSpanOfItsPaneWithItsOffsetsTextAndKind() {
        Map<MultiClinAiRow, String> goldKinds = kinds(gold, predicted, "fn");
        Map<MultiClinAiRow, String> predictedKinds = kinds(predicted, gold, "fp");
        assertTrue(goldKinds.containsValue("fn") && goldKinds.containsValue("boundary"));
        assertTrue(predictedKinds.containsValue("fp") && predictedKinds.containsValue("exact"));
        for (String document : texts.keySet()) {
            String section = "section.doc[data-name='" + document + "']";
            Browser.Pane goldPane = browser.pane(section + " .text.gold");
            Browser.Pane predictedPane = browser.pane(section + " .text.predicted");
            assertEquals(texts.get(document), goldPane.text(), document);
            assertEquals(texts.get(document), predictedPane.text(), document);
            assertEquals(expected(document, gold, goldKinds), shown(goldPane), document);
            assertEquals(expected(document, predicted, predictedKinds), shown(predictedPane), document);
        }
    }

    @Test
    void theDocumentsTableCountsWhatTheCountHereCounts() {
        Map<MultiClinAiRow, String> goldKinds = kinds(gold, predicted, "fn");
        Map<MultiClinAiRow, String> predictedKinds = kinds(predicted, gold, "fp");
        Map<String, int[]> counts = new TreeMap<>();
        texts.keySet().forEach(d -> counts.put(d, new int[7]));
        List<String> kinds = List.of("exact", "boundary", "fp", "fn");
        for (MultiClinAiRow row : gold) {
            counts.get(row.filename())[0]++;
            counts.get(row.filename())[2 + kinds.indexOf(goldKinds.get(row))]++;
        }
        for (MultiClinAiRow row : predicted) {
            counts.get(row.filename())[1]++;
            counts.get(row.filename())[2 + kinds.indexOf(predictedKinds.get(row))]++;
        }
        for (Map.Entry<String, int[]> document : counts.entrySet()) {
            int[] c = document.getValue();
            WebElement row = browser.driver().findElement(By.xpath("//table[contains(@class,'docs')]//tr[td/a[text()='"
                    + document.getKey() + "']]"));
            List<String> cells = row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
            assertEquals(List.of(document.getKey(), "" + c[0], "" + c[1], "" + c[2], "" + c[3], "" + c[4], "" + c[5],
                    "" + (c[0] + c[1] - c[2])), cells, document.getKey());
        }
    }

    @Test
    void markupInADocumentIsShownAsTextAndNeverRuns() throws Exception {
        assertNull(browser.js("return window.pwned;"));
        assertEquals(0L, browser.js("return document.querySelectorAll('section.doc img, section.doc b').length;"));
        assertEquals(SCRIPT, browser.pane("section.doc[data-name='script'] .text.gold").text());
        browser.screenshot("evaluation-report");
    }

    @Test
    void filtersHideKindsAndLabelsAndTheTableSorts() {
        browser.driver().findElement(By.cssSelector("input[data-filter-kind='exact']")).click();
        assertEquals(browser.js("return document.querySelectorAll('section.doc mark.exact').length;"),
                browser.js("return document.querySelectorAll('section.doc mark.exact.off').length;"));
        assertEquals(0L, browser.js("return document.querySelectorAll('mark.fp.off').length;"));
        assertEquals(browser.js("return document.querySelectorAll('section.doc:not([hidden])').length;"),
                browser.js("return document.querySelectorAll('section.doc:has(mark.fp:not(.off), mark.fn:not(.off),"
                        + " mark.boundary:not(.off))').length;"), "only documents with an error shown stay");
        assertEquals(true, browser.js("return document.querySelector(\"section.doc[data-name='empty']\").hidden;"));
        browser.driver().findElement(By.cssSelector("input[data-filter-label='DISEASE']")).click();
        assertEquals(browser.js("return document.querySelectorAll('mark[data-label=DISEASE]').length;"),
                browser.js("return document.querySelectorAll('mark[data-label=DISEASE].off').length;"));
        browser.driver().findElement(By.cssSelector("input[data-filter-kind='exact']")).click();
        browser.driver().findElement(By.cssSelector("input[data-filter-label='DISEASE']")).click();
        assertEquals(0L, browser.js("return document.querySelectorAll('mark.off').length;"));
        assertEquals(0L, browser.js("return document.querySelectorAll('section.doc[hidden], tr[hidden]').length;"));

        browser.driver().findElement(By.xpath("//table[contains(@class,'docs')]//th[text()='document']")).click();
        List<String> names = browser.driver().findElements(By.cssSelector("table.docs tbody td:first-child"))
                .stream().map(WebElement::getText).toList();
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(String.CASE_INSENSITIVE_ORDER);
        assertEquals(sorted, names);
    }

    @Test
    void withoutTextsTheFiltersHideNoDocument() throws Exception {
        Path html = temp.resolve("no-texts.html");
        EvaluationReport.build(new EvaluationReport.Inputs("gold", "pred", null), gold, predicted, Map.of())
                .write(html);
        try (Browser other = Browser.start()) {
            other.open(html.toUri().toString());
            other.driver().findElement(By.cssSelector("input[data-filter-kind='exact']")).click();
            long named = Stream.concat(gold.stream(), predicted.stream()).map(MultiClinAiRow::filename).distinct()
                    .count();
            assertEquals(named, other.js("return document.querySelectorAll('section.doc:not([hidden])').length;"));
            assertEquals(0L, other.js("return document.querySelectorAll('tr[hidden]').length;"));
        }
    }

    @Test
    void aTwoMegabyteDocumentOpens() throws Exception {
        String paragraph = PythonText.read(Files.readAllBytes(TestSnapshots.PARITY.resolve("cli/input/long.txt")));
        String big = paragraph.repeat(2_000_000 / paragraph.length() + 1);
        List<MultiClinAiRow> rows = new ArrayList<>();
        for (int at = big.indexOf("biopsia"); at >= 0; at = big.indexOf("biopsia", at + 1)) {
            rows.add(new MultiClinAiRow("big", "PROCEDURE", big.codePointCount(0, at),
                    big.codePointCount(0, at + 7), "biopsia"));
        }
        Path html = temp.resolve("big.html");
        EvaluationReport.build(new EvaluationReport.Inputs("gold", "pred", "texts"), rows.subList(0, rows.size() / 2),
                rows, Map.of("big", big)).write(html);
        assertTrue(Files.size(html) > 4_000_000, "two panes of two megabytes");
        try (Browser other = Browser.start()) {
            other.open(html.toUri().toString());
            assertEquals((long) big.length(), other.js("return document.querySelector('.text.predicted')"
                    + ".textContent.length;"));
            assertEquals((long) rows.size(), other.js("return document.querySelectorAll('.text.predicted mark')"
                    + ".length;"));
            assertEquals((long) (rows.size() - rows.size() / 2), other.js(
                    "return document.querySelectorAll('.text.predicted mark.fp').length;"));
        }
    }
}
