package org.clinner.report;

import org.clinner.text.CodePointIndex;
import org.clinner.text.CodePointOrder;

import org.jsoup.nodes.Element;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The HTML pages of an annotated collection: one per document (its text with the mentions highlighted
 * in their label's colour, label, confidence and code point offsets on hover, and the mentions as a
 * sortable table) and an index of the documents with their mentions by label.
 */
public final class AnnotationPages {

    /** The labels of the DT4H models, in the palette's first colours; other labels share the rest. */
    private static final List<String> KNOWN = List.of("PROCEDURE", "DISEASE", "SYMPTOM");

    /**
     * A mention to show.
     *
     * @param begin UTF-16 start
     * @param end UTF-16 end (exclusive)
     * @param label its label
     * @param confidence its confidence, or {@code NaN} when unknown
     */
    public record Shown(int begin, int end, String label, double confidence) {}

    /**
     * A document of the index.
     *
     * @param name its name (the TSV {@code filename})
     * @param href its page, relative to the index
     * @param characters its length in code points
     * @param byLabel its mentions by label
     */
    public record Listed(String name, String href, int characters, Map<String, Integer> byLabel) {
        int mentions() {
            return byLabel.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private AnnotationPages() {}

    /**
     * Returns a label's colour class ({@code l0} to {@code l7}), the same on every page.
     *
     * @param label the label
     * @return its class
     */
    public static String colour(String label) {
        int known = KNOWN.indexOf(label);
        return "l" + (known >= 0 ? known : KNOWN.size() + Math.floorMod(label.hashCode(), 8 - KNOWN.size()));
    }

    /**
     * Builds the page of one document.
     *
     * @param name the document's name
     * @param text its text
     * @param mentions its mentions
     * @param indexHref the index page, relative to this page
     * @return the page
     */
    public static HtmlPage document(String name, String text, List<Shown> mentions, String indexHref) {
        HtmlPage page = new HtmlPage(name + " · ClinNER");
        Element body = page.body();
        body.appendElement("h1").text(name);
        Element meta = body.appendElement("p").addClass("meta");
        meta.appendText(String.format(Locale.ROOT, "%d characters · %d mentions · ",
                text.codePointCount(0, text.length()), mentions.size()));
        meta.appendElement("a").attr("href", indexHref).text("all documents");
        legend(body, mentions);
        CodePointIndex points = new CodePointIndex(text);
        List<Mark> marks = new ArrayList<>();
        for (Shown mention : mentions) {
            marks.add(new Mark(mention.begin(), mention.end(), mention.label(), colour(mention.label()),
                    tooltip(mention, points)));
        }
        MarkedText.append(body.appendElement("div").addClass("text").addClass("predicted"), text, marks);
        mentionTable(body, text, mentions, points);
        return page;
    }

    private static String tooltip(Shown mention, CodePointIndex points) {
        String confidence = Double.isNaN(mention.confidence()) ? ""
                : String.format(Locale.ROOT, " · %.3f", mention.confidence());
        return mention.label() + confidence + " · " + points.toCodePoint(mention.begin()) + "–"
                + points.toCodePoint(mention.end());
    }

    private static void legend(Element body, List<Shown> mentions) {
        Map<String, Integer> counts = new TreeMap<>(CodePointOrder.ORDER);
        mentions.forEach(m -> counts.merge(m.label(), 1, Integer::sum));
        Element legend = body.appendElement("div").addClass("legend");
        counts.forEach((label, count) -> legend.appendElement("mark").addClass(colour(label))
                .text(label + " (" + count + ")"));
    }

    private static void mentionTable(Element body, String text, List<Shown> mentions, CodePointIndex points) {
        body.appendElement("h2").text("Mentions");
        Element table = body.appendElement("table").addClass("mentions");
        Element head = table.appendElement("thead").appendElement("tr");
        for (String column : List.of("label", "start", "end", "confidence", "text")) {
            head.appendElement("th").addClass("sortable").text(column);
        }
        Element rows = table.appendElement("tbody");
        for (Shown mention : mentions) {
            Element row = rows.appendElement("tr");
            row.appendElement("td").text(mention.label());
            row.appendElement("td").text(Integer.toString(points.toCodePoint(mention.begin())));
            row.appendElement("td").text(Integer.toString(points.toCodePoint(mention.end())));
            row.appendElement("td").text(Double.isNaN(mention.confidence()) ? ""
                    : String.format(Locale.ROOT, "%.3f", mention.confidence()));
            row.appendElement("td").text(text.substring(mention.begin(), mention.end()));
        }
    }

    /**
     * Builds the index of a collection's pages.
     *
     * @param title the page's title
     * @param documents the documents, in the order to list them
     * @return the page
     */
    public static HtmlPage index(String title, List<Listed> documents) {
        Map<String, Integer> totals = new TreeMap<>(CodePointOrder.ORDER);
        documents.forEach(d -> d.byLabel().forEach((label, count) -> totals.merge(label, count, Integer::sum)));
        HtmlPage page = new HtmlPage(title);
        Element body = page.body();
        body.appendElement("h1").text(title);
        body.appendElement("p").addClass("meta").text(String.format(Locale.ROOT, "%d documents · %d mentions",
                documents.size(), totals.values().stream().mapToInt(Integer::intValue).sum()));
        Element legend = body.appendElement("div").addClass("legend");
        totals.forEach((label, count) -> legend.appendElement("mark").addClass(colour(label))
                .text(label + " (" + count + ")"));
        Element table = body.appendElement("table").addClass("docs");
        Element head = table.appendElement("thead").appendElement("tr");
        List<String> columns = new ArrayList<>(List.of("document", "characters", "mentions"));
        columns.addAll(totals.keySet());
        columns.forEach(column -> head.appendElement("th").addClass("sortable").text(column));
        Element rows = table.appendElement("tbody");
        for (Listed document : documents) {
            Element row = rows.appendElement("tr");
            row.appendElement("td").appendElement("a").attr("href", document.href()).text(document.name());
            row.appendElement("td").text(Integer.toString(document.characters()));
            row.appendElement("td").text(Integer.toString(document.mentions()));
            totals.keySet().forEach(label -> row.appendElement("td")
                    .text(Integer.toString(document.byLabel().getOrDefault(label, 0))));
        }
        return page;
    }
}
