package org.clinner.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.clinner.model.tagging.Span;
import org.clinner.text.CodePointIndex;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

/** BIO labels of words from gold spans. */
class BioLabelerTest {

    /** Words of a text split at spaces. */
    private static List<Span> words(String text) {
        List<Span> words = new ArrayList<>();
        int start = 0;
        for (String word : text.split(" ")) {
            words.add(new Span(start, start + word.length()));
            start += word.length() + 1;
        }
        return words;
    }

    private static BioLabeler.Entity entity(String text, String covered, String type) {
        int begin = text.indexOf(covered);
        return new BioLabeler.Entity(begin, begin + covered.length(), type);
    }

    @Test
    void labelsFirstAndFollowingWords() {
        String text = "Se realizó una biopsia hepática ayer y una TAC";
        List<String> labels = BioLabeler.label(words(text), List.of(
                entity(text, "biopsia hepática", "PROCEDURE"), entity(text, "TAC", "PROCEDURE")));
        assertEquals(List.of("O", "O", "O", "B-PROCEDURE", "I-PROCEDURE", "O", "O", "O", "B-PROCEDURE"), labels);
    }

    @Test
    void aSpanThatCutsAWordTakesTheWholeWord() {
        String text = "la ecografía-doppler fue normal";
        // gold covers only "ecografía", a part of the token "ecografía-doppler"
        assertEquals(List.of("O", "B-PROCEDURE", "O", "O"),
                BioLabeler.label(words(text), List.of(entity(text, "ecografía", "PROCEDURE"))));
        // gold starts inside one word and ends inside the next
        assertEquals(List.of("O", "B-PROCEDURE", "I-PROCEDURE", "O"),
                BioLabeler.label(words(text), List.of(new BioLabeler.Entity(5, 23, "PROCEDURE"))));
    }

    @Test
    void adjacentEntitiesEachStartWithB() {
        String text = "biopsia TAC";
        assertEquals(List.of("B-PROCEDURE", "B-PROCEDURE"), BioLabeler.label(words(text), List.of(
                entity(text, "biopsia", "PROCEDURE"), entity(text, "TAC", "PROCEDURE"))));
    }

    @Test
    void overlappingSpansKeepTheEarliestLongest() {
        String text = "una biopsia hepática guiada por ecografía";
        List<BioLabeler.Entity> gold = List.of(
                entity(text, "hepática guiada", "PROCEDURE"),
                entity(text, "biopsia hepática guiada por ecografía", "PROCEDURE"),
                entity(text, "ecografía", "PROCEDURE"));
        assertEquals(List.of("O", "B-PROCEDURE", "I-PROCEDURE", "I-PROCEDURE", "I-PROCEDURE", "I-PROCEDURE"),
                BioLabeler.label(words(text), gold));
        assertEquals(1, BioLabeler.nonOverlapping(gold).size());
    }

    @Test
    void nonBmpTextUsesUtf16SpansConvertedFromCodePoints() {
        String text = "😀 se hizo 𝒜 biopsia";
        CodePointIndex index = new CodePointIndex(text);
        // Python: text.index("biopsia") == 12 (code points); its UTF-16 start is 14
        BioLabeler.Entity gold = new BioLabeler.Entity(index.toUtf16(12), index.toUtf16(19), "PROCEDURE");
        assertEquals(14, gold.begin());
        assertEquals(List.of("O", "O", "O", "O", "B-PROCEDURE"), BioLabeler.label(words(text), List.of(gold)));
    }
}
