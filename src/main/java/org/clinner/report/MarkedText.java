package org.clinner.report;

import org.jsoup.nodes.Element;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * Writes a text into an element with its spans as {@code <mark>} elements, whatever their overlaps:
 * the text is cut at every span boundary, and each piece goes inside one {@code <mark>} per span that
 * covers it, outermost first; nested spans nest, and a span crossing another is cut into several
 * elements with the same {@code data-id}. The element's text content is the text, character for
 * character. jsoup escapes
 * the text, so a document holding markup shows it as text.
 */
public final class MarkedText {

    /** Longest spans outermost, so that nested spans nest. */
    private static final Comparator<Mark> OUTER_FIRST = Comparator.comparingInt(Mark::begin)
            .thenComparing(Comparator.comparingInt(Mark::end).reversed());

    private MarkedText() {}

    /**
     * Appends the text and its spans to an element.
     *
     * @param parent where the text goes
     * @param text the text
     * @param marks its spans (UTF-16, within the text); {@code data-id} is the index in this list
     * @throws IllegalArgumentException when a span ends after the text
     */
    public static void append(Element parent, String text, List<Mark> marks) {
        TreeSet<Integer> cuts = new TreeSet<>(List.of(0, text.length()));
        for (Mark mark : marks) {
            if (mark.end() > text.length()) {
                throw new IllegalArgumentException("span " + mark.begin() + "-" + mark.end() + " ends after the text's "
                        + text.length() + " characters");
            }
            cuts.add(mark.begin());
            cuts.add(mark.end());
        }
        List<Integer> order = sortedIds(marks);
        List<Integer> open = new ArrayList<>();
        List<Element> elements = new ArrayList<>();
        int next = 0;
        int from = 0;
        for (int to : cuts.tailSet(1)) {
            int at = from;
            open.removeIf(id -> marks.get(id).end() <= at);
            for (; next < order.size() && marks.get(order.get(next)).begin() <= from; next++) {
                open.add(order.get(next));
            }
            appendPiece(parent, text.substring(from, to), marks, open, elements);
            from = to;
        }
    }

    /** The ids of the spans, outermost first: the order in which a sweep opens them. */
    private static List<Integer> sortedIds(List<Mark> marks) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < marks.size(); i++) {
            ids.add(i);
        }
        ids.sort((a, b) -> OUTER_FIRST.compare(marks.get(a), marks.get(b)));
        return ids;
    }

    /**
     * Appends a piece inside the {@code <mark>}s of the spans covering it, reusing the elements still
     * open from the pieces before (so that nested spans nest), and opening the others.
     */
    private static void appendPiece(Element parent, String piece, List<Mark> marks, List<Integer> open,
            List<Element> elements) {
        int kept = 0;
        while (kept < open.size() && kept < elements.size()
                && elements.get(kept).attr("data-id").equals(Integer.toString(open.get(kept)))) {
            kept++;
        }
        elements.subList(kept, elements.size()).clear();
        Element into = kept == 0 ? parent : elements.get(kept - 1);
        for (int id : open.subList(kept, open.size())) {
            Mark mark = marks.get(id);
            into = into.appendElement("mark").attr("data-id", Integer.toString(id)).attr("data-label", mark.label())
                    .attr("title", mark.title());
            if (mark.css() != null) {
                into.addClass(mark.css());
            }
            elements.add(into);
        }
        into.appendText(piece);
    }
}
