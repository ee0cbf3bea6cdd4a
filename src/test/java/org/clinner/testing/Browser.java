package org.clinner.testing;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Debian's headless Chromium driven through its chromedriver by Selenium (never Selenium Manager, which
 * would download). When either is missing the test is skipped, with the reason on stderr and in the
 * report; {@code .ci/run} installs both.
 */
public final class Browser implements AutoCloseable {

    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    private static final Path DRIVER = Paths.get("/usr/bin/chromedriver");
    /** Where screenshots go. */
    public static final Path SCREENSHOTS = Paths.get("target/screenshots");

    /**
     * Walks the text nodes of an element once: the text, and for every {@code <mark data-id>} its
     * UTF-16 start and end in that text, label and classes; {@code gap} is set when the pieces of one id
     * are not contiguous.
     */
    private static final String MARKS = """
            var pane = arguments[0], offset = 0, spans = {}, order = [];
            var walker = document.createTreeWalker(pane, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
              var node = walker.currentNode, length = node.data.length, seen = {};
              for (var el = node.parentNode; el && el !== pane; el = el.parentNode) {
                if (el.tagName !== 'MARK') { continue; }
                var id = el.getAttribute('data-id');
                if (seen[id]) { continue; }
                seen[id] = true;
                var span = spans[id];
                if (!span) {
                  span = spans[id] = {id: id, label: el.getAttribute('data-label'), classes: el.className,
                    title: el.title, start: offset, end: offset + length, gap: false};
                  order.push(span);
                } else {
                  span.gap = span.gap || span.end !== offset;
                  span.end = offset + length;
                }
              }
              offset += length;
            }
            return {text: pane.textContent, marks: order};
            """;

    private final WebDriver driver;

    private Browser(WebDriver driver) {
        this.driver = driver;
    }

    /**
     * Starts a headless browser, or skips the test when Chromium or its driver is not installed.
     *
     * @return the browser
     */
    public static Browser start() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        if (!installed) {
            System.err.println("SKIPPED: Debian's chromium and chromium-driver are not installed (.ci/run installs"
                    + " them): the pages are not opened in a browser");
        }
        Assumptions.assumeTrue(installed, "chromium and chromium-driver are not installed");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--window-size=1280,1400", "--allow-file-access-from-files");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofMinutes(2)).scriptTimeout(Duration.ofMinutes(2));
        return new Browser(driver);
    }

    /**
     * Opens a page and waits for it to load.
     *
     * @param url a {@code file:} or {@code http:} URL
     */
    public void open(String url) {
        driver.get(url);
    }

    /**
     * Returns the driver, for what this class does not cover.
     *
     * @return the driver
     */
    public WebDriver driver() {
        return driver;
    }

    /**
     * Runs a script in the page.
     *
     * @param script the script's body ({@code arguments[i]} are the arguments)
     * @param arguments its arguments
     * @return what it returns
     */
    public Object js(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    /**
     * A highlighted span as the page shows it.
     *
     * @param label its {@code data-label}
     * @param classes its {@code class}
     * @param title its tooltip
     * @param start UTF-16 start in the element's text
     * @param end UTF-16 end
     * @param contiguous whether its pieces are contiguous
     */
    public record Shown(String label, String classes, String title, int start, int end, boolean contiguous) {}

    /**
     * What an element shows.
     *
     * @param text its text content
     * @param marks its highlighted spans, in the order they begin
     */
    public record Pane(String text, List<Shown> marks) {}

    /**
     * Reads the text and highlighted spans of an element.
     *
     * @param css a CSS selector of the element
     * @return what it shows
     */
    @SuppressWarnings("unchecked")
    public Pane pane(String css) {
        WebElement element = driver.findElement(By.cssSelector(css));
        Map<String, Object> found = (Map<String, Object>) js(MARKS, element);
        List<Shown> marks = new ArrayList<>();
        for (Map<String, Object> mark : (List<Map<String, Object>>) found.get("marks")) {
            marks.add(new Shown((String) mark.get("label"), (String) mark.get("classes"), (String) mark.get("title"),
                    ((Number) mark.get("start")).intValue(), ((Number) mark.get("end")).intValue(),
                    !(Boolean) mark.get("gap")));
        }
        return new Pane((String) found.get("text"), marks);
    }

    /**
     * Saves a screenshot of the window.
     *
     * @param name the file name without {@code .png}
     * @return the file
     * @throws IOException when it cannot be saved
     */
    public Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name + ".png");
        Path taken = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.move(taken, file, StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
