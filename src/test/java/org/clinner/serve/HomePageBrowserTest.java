package org.clinner.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clinner.model.TestSnapshots;
import org.clinner.testing.Browser;
import org.clinner.uima.Mode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The service's home page in Chromium: a text typed into it comes back highlighted with the mentions
 * {@code /v1/annotate} gives (the published script's rows for the emoji, NBSP and combining-accent
 * document in raw mode), in either mode; markup typed into it is shown as text and never runs.
 */
class HomePageBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static ServeFixture server;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        server = ServeFixture.start(ServeFixture.Options.defaults(Mode.RAW));
        browser = Browser.start();
        browser.open(server.uri("/").toString());
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        server.close();
    }

    /** Types a text, picks a mode, submits, and waits for the answer. */
    private static Browser.Pane annotate(String text, String mode) {
        browser.js("document.querySelector('textarea').value = arguments[0];", text);
        new Select(browser.driver().findElement(By.name("mode"))).selectByValue(mode);
        browser.js("document.querySelector('.status').textContent = '';");
        browser.driver().findElement(By.cssSelector("button[type=submit]")).click();
        new WebDriverWait(browser.driver(), Duration.ofMinutes(1)).until(d -> d.findElement(
                By.cssSelector(".status")).getText().endsWith("mentions"));
        return browser.pane(".text.result");
    }

    private static List<String> rows(Browser.Pane pane) {
        List<String> rows = new ArrayList<>();
        for (Browser.Shown mark : pane.marks()) {
            rows.add(mark.label() + "\t" + pane.text().codePointCount(0, mark.start()) + "\t"
                    + pane.text().codePointCount(0, mark.end()) + "\t"
                    + pane.text().substring(mark.start(), mark.end()));
        }
        return rows;
    }

    @Test
    void aTypedTextComesBackWithThePublishedScriptsMentions() throws Exception {
        String text = AnnotateEndpointTest.documents().get("emoji");
        Browser.Pane pane = annotate(text, "raw");
        assertEquals(text, pane.text());
        List<String> expected = new ArrayList<>();
        for (String line : Files.readAllLines(TestSnapshots.PARITY.resolve("cli/expected-raw.tsv"))) {
            if (line.startsWith("emoji\t")) {
                expected.add(line.substring("emoji\t".length()));
            }
        }
        assertEquals(expected, rows(pane));
        List<WebElement> table = browser.driver().findElements(By.cssSelector("table.mentions tbody tr"));
        assertEquals(expected.size(), table.size());
        assertEquals(expected.get(1).split("\t")[1], table.get(1).findElements(By.tagName("td")).get(1).getText(),
                "the table counts code points");
        String title = pane.marks().get(0).title();
        assertTrue(title.matches("PROCEDURE · (0\\.\\d{3}|1\\.000)"), title);
        browser.screenshot("serve-home");
    }

    @Test
    void wordsModeGivesWhatTheApiGivesInWordsMode() throws Exception {
        String text = AnnotateEndpointTest.documents().get("crlf");
        Browser.Pane pane = annotate(text, "words");
        JsonNode api = JSON.readTree(server.postJson("/v1/annotate", JSON.createObjectNode().put("text", text)
                .put("mode", "words").toString()).body());
        List<String> expected = new ArrayList<>();
        api.path("mentions").forEach(m -> expected.add(m.path("label").asText() + "\t" + m.path("start").asInt()
                + "\t" + m.path("end").asInt() + "\t" + m.path("text").asText()));
        assertEquals(expected, rows(pane));
        assertTrue(!expected.equals(rows(annotate(text, "raw"))), "the modes differ on this document");
    }

    @Test
    void markupTypedIntoThePageIsShownAsTextAndNeverRuns() {
        String markup = "<img src=x onerror=\"window.pwned = 1\"><script>window.pwned = 2</script> Se realizó una"
                + " biopsia.";
        Browser.Pane pane = annotate(markup, "raw");
        assertEquals(markup, pane.text());
        assertNull(browser.js("return window.pwned;"));
        assertEquals(0L, browser.js("return document.querySelectorAll('.result img, .result script').length;"));
    }
}
