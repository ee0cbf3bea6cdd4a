package org.clinner.uima;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clinner.cli.CliRunner;
import org.clinner.format.MultiClinAiRow;
import org.clinner.format.MultiClinAiTsv;
import org.clinner.model.TestSnapshots;
import org.clinner.testing.Browser;

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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code clinner annotate --html} in raw mode on the parity documents, opened in Chromium: each page
 * highlights exactly the rows the published script's TSV has for its document (the emoji, NBSP and
 * combining-accent document included), with label and confidence on hover; a document holding markup
 * shows it as text; the index lists every document with its mentions and links to its page.
 */
class HtmlWriterBrowserTest {

    private static final String SCRIPT = "<script>window.pwned = 1</script><img src=x onerror=\"window.pwned=2\">"
            + " Se realizó una biopsia hepática.\n";

    /** A document whose name is the index's. */
    private static final String INDEX_DOCUMENT = "Se realizó una biopsia hepática y una colonoscopia.\n";

    @TempDir
    static Path temp;

    private static Path pages;
    private static Map<String, List<MultiClinAiRow>> rows;
    private static Browser browser;

    @BeforeAll
    static void annotate() throws Exception {
        Path input = temp.resolve("input");
        Path source = TestSnapshots.PARITY.resolve("cli/input");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path copy = input.resolve(source.relativize(file).toString());
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy);
            }
        }
        Files.writeString(input.resolve("script.txt"), SCRIPT, StandardCharsets.UTF_8);
        Files.writeString(input.resolve("index.txt"), INDEX_DOCUMENT, StandardCharsets.UTF_8);
        pages = temp.resolve("html");
        Path tsv = temp.resolve("out.tsv");
        CliRunner.Outcome run = CliRunner.run("annotate", "--input", input.toString(), "--output", tsv.toString(),
                "--html", pages.toString(), "--model", TestSnapshots.PARITY.resolve("model-f32").toString(), "--mode",
                "raw");
        assertEquals(0, run.exitCode(), run.err());
        List<MultiClinAiRow> written = MultiClinAiTsv.read(tsv);
        List<MultiClinAiRow> reference = MultiClinAiTsv.read(TestSnapshots.PARITY.resolve("cli/expected-raw.tsv"));
        assertEquals(reference, written.stream().filter(r -> !r.filename().equals("script")
                && !r.filename().equals("index")).toList());
        rows = new TreeMap<>(written.stream().collect(Collectors.groupingBy(MultiClinAiRow::filename)));
        browser = Browser.start();
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void eachPageHighlightsItsDocumentsRowsWithLabelAndConfidence() throws Exception {
        for (Map.Entry<String, List<MultiClinAiRow>> document : rows.entrySet()) {
            browser.open(pages.resolve(HtmlWriter.DOCUMENTS).resolve(document.getKey() + ".html").toUri().toString());
            Browser.Pane pane = browser.pane(".text");
            List<String> shown = new ArrayList<>();
            for (Browser.Shown mark : pane.marks()) {
                assertTrue(mark.contiguous());
                String text = pane.text().substring(mark.start(), mark.end());
                int start = pane.text().codePointCount(0, mark.start());
                int end = pane.text().codePointCount(0, mark.end());
                assertTrue(mark.title().matches(mark.label() + " · (0\\.\\d{3}|1\\.000) · " + start + "–" + end),
                        mark.title());
                shown.add(document.getKey() + "\t" + mark.label() + "\t" + start + "\t" + end + "\t" + text);
            }
            List<String> expected = document.getValue().stream().map(r -> r.filename() + "\t" + r.label() + "\t"
                    + r.start() + "\t" + r.end() + "\t" + r.text()).toList();
            assertEquals(expected, shown, document.getKey());
            assertEquals(document.getValue().size(), browser.driver().findElements(By.cssSelector(
                    "table.mentions tbody tr")).size());
            if (document.getKey().equals("emoji")) {
                browser.screenshot("annotate-page");
            }
        }
    }

    @Test
    void aDocumentNamedIndexKeepsItsPageBesideTheIndex() {
        browser.open(pages.resolve(HtmlWriter.DOCUMENTS).resolve("index.html").toUri().toString());
        assertEquals(INDEX_DOCUMENT, browser.pane(".text").text());
        browser.open(pages.resolve(HtmlWriter.INDEX).toUri().toString());
        browser.driver().findElement(By.linkText("index")).click();
        assertTrue(browser.driver().getCurrentUrl().endsWith("/html/documents/index.html"));
    }

    @Test
    void markupInADocumentIsShownAsTextAndNeverRuns() {
        browser.open(pages.resolve(HtmlWriter.DOCUMENTS).resolve("script.html").toUri().toString());
        assertNull(browser.js("return window.pwned;"));
        assertEquals(SCRIPT, browser.pane(".text").text());
        assertEquals(0L, browser.js("return document.querySelectorAll('.text img, .text script').length;"));
    }

    @Test
    void theIndexListsEveryDocumentWithItsMentionsAndLinksToItsPage() throws Exception {
        browser.open(pages.resolve(HtmlWriter.INDEX).toUri().toString());
        List<WebElement> lines = browser.driver().findElements(By.cssSelector("table.docs tbody tr"));
        Map<String, String> listed = new TreeMap<>();
        for (WebElement line : lines) {
            List<WebElement> cells = line.findElements(By.tagName("td"));
            listed.put(cells.get(0).getText(), cells.get(2).getText());
        }
        Map<String, String> expected = new TreeMap<>();
        expected.put("empty", "0");
        expected.put("index", "0");
        rows.forEach((name, found) -> expected.put(name, Integer.toString(found.size())));
        assertEquals(expected, listed);
        browser.screenshot("annotate-index");
        browser.driver().findElement(By.linkText("sub/nested doc")).click();
        assertTrue(browser.driver().getCurrentUrl().endsWith("/html/documents/sub/nested%20doc.html"),
                browser.driver().getCurrentUrl());
        browser.driver().findElement(By.linkText("all documents")).click();
        assertTrue(browser.driver().getCurrentUrl().endsWith("/html/index.html"), browser.driver().getCurrentUrl());
    }
}
