package org.clinner.report;

import org.clinner.eval.MultiClinAiScorer;
import org.clinner.eval.ScoreReport;
import org.clinner.format.DocumentRows;
import org.clinner.format.MultiClinAiRow;
import org.clinner.text.CodePointOrder;

import org.jsoup.nodes.Element;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The HTML report of an evaluation: the official scores (strict and character-overlap, all labels and
 * each label), the documents sortable by their errors, and each document's text twice, gold and
 * predicted, with every span styled by what it is ({@link SpanComparison}); label and kind filters.
 */
public final class EvaluationReport {

    /** What the report is made from. */
    public record Inputs(String reference, String predictions, String textsFolder) {}

    /** One document: its text (null when there is none), its comparison, and rows that could not be placed. */
    private record Doc(String name, String text, SpanComparison comparison, List<String> problems) {}

    private EvaluationReport() {}

    /**
     * Builds the report.
     *
     * @param inputs the files it is made from, for its heading
     * @param gold the gold rows
     * @param predicted the predicted rows
     * @param texts the documents' texts by file name (the TSV {@code filename}); empty: no texts shown
     * @return the page
     */
    public static HtmlPage build(Inputs inputs, List<MultiClinAiRow> gold, List<MultiClinAiRow> predicted,
            Map<String, String> texts) {
        List<Doc> docs = documents(gold, predicted, texts);
        TreeSet<String> labels = new TreeSet<>(CodePointOrder.ORDER);
        gold.forEach(r -> labels.add(r.label()));
        predicted.forEach(r -> labels.add(r.label()));
        HtmlPage page = new HtmlPage("ClinNER evaluation: " + inputs.predictions());
        Element body = page.body();
        body.appendElement("h1").text("Evaluation of " + inputs.predictions());
        body.appendElement("p").addClass("meta").text(String.format(Locale.ROOT,
                "against %s · %d documents · %d gold spans · %d predicted spans · texts: %s", inputs.reference(),
                docs.size(), gold.size(), predicted.size(), texts.isEmpty() ? "none (no --texts)"
                        : inputs.textsFolder()));
        scores(body, gold, predicted, labels);
        filters(body, labels);
        documentTable(body, docs);
        for (int i = 0; i < docs.size(); i++) {
            section(body, docs.get(i), i);
        }
        return page;
    }

    private static List<Doc> documents(List<MultiClinAiRow> gold, List<MultiClinAiRow> predicted,
            Map<String, String> texts) {
        Map<String, List<MultiClinAiRow>> goldByDoc = byDocument(gold);
        Map<String, List<MultiClinAiRow>> predictedByDoc = byDocument(predicted);
        TreeSet<String> names = new TreeSet<>(CodePointOrder.ORDER);
        names.addAll(goldByDoc.keySet());
        names.addAll(predictedByDoc.keySet());
        names.addAll(texts.keySet());
        List<Doc> docs = new ArrayList<>();
        for (String name : names) {
            SpanComparison comparison = SpanComparison.of(goldByDoc.getOrDefault(name, List.of()),
                    predictedByDoc.getOrDefault(name, List.of()));
            docs.add(new Doc(name, texts.get(name), comparison, new ArrayList<>()));
        }
        docs.sort(Comparator.comparingInt((Doc d) -> -d.comparison().errors()));
        return docs;
    }

    private static Map<String, List<MultiClinAiRow>> byDocument(List<MultiClinAiRow> rows) {
        return rows.stream().collect(Collectors.groupingBy(MultiClinAiRow::filename, TreeMap::new,
                Collectors.toList()));
    }

    private static void scores(Element body, List<MultiClinAiRow> gold, List<MultiClinAiRow> predicted,
            TreeSet<String> labels) {
        body.appendElement("h2").text("Scores (the official MultiClinAI scorer)");
        Element table = body.appendElement("table").addClass("scores");
        Element head = table.appendElement("thead").appendElement("tr");
        for (String column : List.of("label", "strict P", "strict R", "strict F1", "TP", "FP", "FN", "char P",
                "char R", "char F1")) {
            head.appendElement("th").text(column);
        }
        Element rows = table.appendElement("tbody");
        scoreRow(rows, "all labels", MultiClinAiScorer.score(gold, predicted, null));
        labels.forEach(label -> scoreRow(rows, label, MultiClinAiScorer.score(gold, predicted, label)));
    }

    private static void scoreRow(Element rows, String name, ScoreReport score) {
        Element row = rows.appendElement("tr");
        row.appendElement("td").text(name);
        for (Double value : new Double[] {score.strictPrecision(), score.strictRecall(), score.strictF1()}) {
            row.appendElement("td").text(figure(value));
        }
        for (int count : new int[] {score.tp(), score.fp(), score.fn()}) {
            row.appendElement("td").text(Integer.toString(count));
        }
        for (double value : new double[] {score.charPrecision(), score.charRecall(), score.charF1()}) {
            row.appendElement("td").text(figure(value));
        }
    }

    private static String figure(Double value) {
        return value == null ? "0" : String.format(Locale.ROOT, "%.4f", value);
    }

    private static void filters(Element body, TreeSet<String> labels) {
        body.appendElement("h2").text("Documents");
        Element filters = body.appendElement("div").addClass("filters");
        Element kinds = filters.appendElement("div").addClass("legend");
        kinds.appendElement("strong").text("Show:");
        for (SpanComparison.Kind kind : SpanComparison.Kind.values()) {
            Element label = kinds.appendElement("label");
            label.appendElement("input").attr("type", "checkbox").attr("checked", true)
                    .attr("data-filter-kind", kind.css());
            label.appendElement("mark").addClass(kind.css()).text(kind.description());
        }
        Element labelBoxes = filters.appendElement("div").addClass("legend");
        labelBoxes.appendElement("strong").text("Labels:");
        for (String name : labels) {
            Element label = labelBoxes.appendElement("label");
            label.appendElement("input").attr("type", "checkbox").attr("checked", true)
                    .attr("data-filter-label", name);
            label.appendText(name);
        }
    }

    private static void documentTable(Element body, List<Doc> docs) {
        Element table = body.appendElement("div").addClass("scroll").appendElement("table").addClass("docs");
        Element head = table.appendElement("thead").appendElement("tr");
        for (String column : List.of("document", "gold", "predicted", "exact", "boundary", "false pos.",
                "false neg.", "errors")) {
            head.appendElement("th").addClass("sortable").text(column);
        }
        head.child(7).attr("aria-sort", "descending");
        Element rows = table.appendElement("tbody");
        for (int i = 0; i < docs.size(); i++) {
            Doc doc = docs.get(i);
            SpanComparison c = doc.comparison();
            Element row = rows.appendElement("tr").attr("data-doc", "d" + i);
            row.appendElement("td").appendElement("a").attr("href", "#d" + i).text(doc.name());
            for (int count : new int[] {c.gold().size(), c.predicted().size(), c.count(SpanComparison.Kind.EXACT),
                    c.count(SpanComparison.Kind.BOUNDARY), c.count(SpanComparison.Kind.FALSE_POSITIVE),
                    c.count(SpanComparison.Kind.FALSE_NEGATIVE), c.errors()}) {
                row.appendElement("td").text(Integer.toString(count));
            }
        }
    }

    private static void section(Element body, Doc doc, int index) {
        Element section = body.appendElement("section").addClass("doc").id("d" + index)
                .attr("data-name", doc.name());
        if (doc.comparison().errors() > 0) {
            section.attr("data-errors", Integer.toString(doc.comparison().errors()));
        }
        section.appendElement("h2").text(doc.name());
        if (doc.text() == null) {
            section.appendElement("p").addClass("warning").text("No text for this document: its spans are"
                    + " counted but cannot be shown.");
            return;
        }
        Element pair = section.appendElement("div").addClass("pair");
        DocumentRows placer = new DocumentRows(doc.name(), doc.text());
        pane(pair, "Gold", "gold", doc, placer, doc.comparison().gold());
        pane(pair, "Predicted", "predicted", doc, placer, doc.comparison().predicted());
        doc.problems().forEach(problem -> section.appendElement("p").addClass("warning").text(problem));
    }

    private static void pane(Element pair, String heading, String side, Doc doc, DocumentRows placer,
            List<SpanComparison.Compared> rows) {
        Element column = pair.appendElement("div");
        column.appendElement("h3").text(heading + " (" + rows.size() + ")");
        List<Mark> marks = new ArrayList<>();
        for (SpanComparison.Compared compared : rows) {
            MultiClinAiRow row = compared.row();
            try {
                DocumentRows.TextSpan span = placer.span(row, true);
                marks.add(new Mark(span.begin(), span.end(), row.label(), compared.kind().css(), row.label() + " · "
                        + compared.kind().description() + " · " + row.start() + "–" + row.end()));
            } catch (IllegalArgumentException e) {
                doc.problems().add(heading + " row " + row.label() + " " + row.start() + "-" + row.end() + " not"
                        + " shown: " + e.getMessage());
            }
        }
        MarkedText.append(column.appendElement("div").addClass("text").addClass(side), doc.text(), marks);
    }
}
