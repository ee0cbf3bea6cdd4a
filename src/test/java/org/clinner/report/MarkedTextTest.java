package org.clinner.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import org.junit.jupiter.api.Test;

import java.util.List;

/** The markup of highlighted texts: nesting, crossing and equal spans, and escaping. */
class MarkedTextTest {

    private static String html(String text, List<Mark> marks) {
        Document document = Document.createShell("");
        document.outputSettings().prettyPrint(false);
        Element pane = document.body().appendElement("div");
        MarkedText.append(pane, text, marks);
        return pane.html();
    }

    private static Mark mark(int begin, int end, String label) {
        return new Mark(begin, end, label, null, label);
    }

    private static String open(int id, String label) {
        return "<mark data-id=\"" + id + "\" data-label=\"" + label + "\" title=\"" + label + "\">";
    }

    @Test
    void crossingSpansAreCutIntoPiecesThatKeepTheirIds() {
        assertEquals("x" + open(0, "A") + "ab" + open(1, "B") + "cd</mark></mark>" + open(1, "B") + "ef</mark>y",
                html("xabcdefy", List.of(mark(1, 5, "A"), mark(3, 7, "B"))));
    }

    @Test
    void nestedAndEqualSpansNestOutermostFirst() {
        assertEquals(open(1, "OUT") + "a" + open(0, "IN") + open(2, "TWIN") + "bc</mark></mark>d</mark>",
                html("abcd", List.of(mark(1, 3, "IN"), mark(0, 4, "OUT"), mark(1, 3, "TWIN"))));
    }

    @Test
    void markupAndAmpersandsAreText() {
        assertEquals("&lt;script&gt;" + open(0, "A&amp;B") + "a &amp; b</mark>&lt;/script&gt;",
                html("<script>a & b</script>", List.of(mark(8, 13, "A&B"))));
    }

    @Test
    void spansOutsideTheTextAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> html("abc", List.of(mark(1, 4, "A"))));
        assertThrows(IllegalArgumentException.class, () -> mark(2, 2, "A"));
    }
}
