package org.clinner.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A document's rows: its name, code point rows of UTF-16 spans, and gold rows placed back and checked. */
class DocumentRowsTest {

    // python3: t = "\U0001F600 TAC y 𝒜 biopsia"; t.index("TAC") == 2, t.index("biopsia") == 10, len(t) == 17
    private static final String TEXT = "\uD83D\uDE00 TAC y \uD835\uDC9C biopsia";

    @Test
    void theFileNameIsTheDocumentIdWithoutTxt() {
        assertEquals("sub/note", DocumentRows.filename("sub/note.txt"));
        assertEquals("note.TXT", DocumentRows.filename("note.TXT"));
        assertEquals("b", new DocumentRows("b", TEXT).filename());
    }

    @Test
    void mentionsBecomeCodePointRowsAndGoldRowsComeBack() {
        DocumentRows document = new DocumentRows("doc.txt", TEXT);
        MultiClinAiRow biopsia = document.row(12, 19, "PROCEDURE");
        assertEquals(new MultiClinAiRow("doc", "PROCEDURE", 10, 17, "biopsia"), biopsia);
        assertEquals(new MultiClinAiRow("doc", "PROCEDURE", 2, 5, "TAC"), document.row(3, 6, "PROCEDURE"));
        assertEquals(new DocumentRows.TextSpan(12, 19), document.span(biopsia, true));
        assertEquals(new DocumentRows.TextSpan(3, 12), document.span(new MultiClinAiRow("doc", "X", 2, 10, ""), false),
                "a text that is not checked");
    }

    @Test
    void aGoldRowOutsideTheTextOrWithOtherTextIsRejected() {
        DocumentRows document = new DocumentRows("doc.txt", TEXT);
        assertEquals("gold span 10-18 ends after the text's 17 characters", assertThrows(IllegalArgumentException.class,
                () -> document.span(new MultiClinAiRow("doc", "X", 10, 18, "biopsia!"), false)).getMessage());
        assertEquals("gold span 2-5 covers 'TAC', the gold row says 'TAX'", assertThrows(IllegalArgumentException.class,
                () -> document.span(new MultiClinAiRow("doc", "X", 2, 5, "TAX"), true)).getMessage());
    }
}
