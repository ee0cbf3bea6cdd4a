package org.clinner.report;

import org.clinner.io.AtomicFiles;

import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.DocumentType;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Entities;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A self-contained HTML page: its style sheet and script are inlined from this package's resources
 * ({@code report.css}, {@code report.js}, which starts on {@code DOMContentLoaded}), so the file opens
 * offline and alone. Written atomically,
 * as UTF-8, without pretty-printing (which would change the texts' whitespace).
 */
public final class HtmlPage {

    private final Document document;

    /**
     * Starts a page.
     *
     * @param title its title
     */
    public HtmlPage(String title) {
        document = Document.createShell("");
        document.prependChild(new DocumentType("html", "", "")); // standards mode, not quirks
        document.outputSettings().prettyPrint(false).charset(StandardCharsets.UTF_8)
                .escapeMode(Entities.EscapeMode.base);
        document.selectFirst("html").attr("lang", "en");
        Element head = document.head();
        head.appendElement("meta").attr("charset", "utf-8");
        head.appendElement("meta").attr("name", "viewport").attr("content", "width=device-width, initial-scale=1");
        head.appendElement("title").text(title);
        head.appendElement("style").appendChild(new DataNode(resource("report.css")));
        head.appendElement("script").appendChild(new DataNode(resource("report.js")));
    }

    /**
     * Returns the page's body, to add the content to.
     *
     * @return the body element
     */
    public Element body() {
        return document.body();
    }

    /**
     * Returns the page as HTML.
     *
     * @return the HTML text
     */
    public String html() {
        return document.outerHtml();
    }

    /**
     * Writes the page atomically.
     *
     * @param file the HTML file
     * @throws IOException when it cannot be written
     */
    public void write(Path file) throws IOException {
        String html = html();
        AtomicFiles.write(file, temp -> Files.writeString(temp, html, StandardCharsets.UTF_8));
    }

    private static String resource(String name) {
        try (InputStream in = HtmlPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks org/clinner/report/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
