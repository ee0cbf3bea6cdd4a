package org.clinner.model.tagging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clinner.model.MultiTaskFixture;
import org.clinner.model.ParityFixture;
import org.clinner.model.snapshot.ModelLoadException;
import org.clinner.model.snapshot.SnapshotFiles;
import org.clinner.text.CodePointIndex;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.text.Normalizer;
import java.util.Iterator;
import java.util.Map;

/**
 * The tokenizer of an xlm-roberta-base-like {@code tokenizer.json} with the Precompiled nmt-nfkc
 * normalizer, against SentencePiece's own encoding of the same texts (which hold ½, …, ﬁ, full-width
 * letters, º and ²): the same ids and words, and the same spans, except that a piece inside a
 * character that NFKC expands (½ → 1⁄2) spans that whole character here, as the Hugging Face
 * tokenizers library aligns it (with the space before it, for a word's first piece), where
 * SentencePiece gives it a part or none of it.
 */
class NormalizedTokenizationTest {

    @Test
    void idsWordsAndSpansMatchSentencePiece() throws ModelLoadException {
        Path file = MultiTaskFixture.BASE.resolve(SnapshotFiles.TOKENIZER);
        try (SubwordTokenizer tokenizer = SubwordTokenizer.load(file)) {
            int expansions = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = MultiTaskFixture.expected("tokenization").fields();
                    it.hasNext(); ) {
                Map.Entry<String, JsonNode> tokenization = it.next();
                expansions += check(tokenizer, tokenization.getKey(), tokenization.getValue());
            }
            assertTrue(expansions > 0, "the texts have pieces inside NFKC expansions");
        }
    }

    /** One character that NFKC expands, after the space a word-initial piece covers, if any. */
    private static boolean isExpandedCharacter(String span) {
        String character = span.isEmpty() || !Character.isWhitespace(span.charAt(0)) ? span : span.substring(1);
        return character.codePointCount(0, character.length()) == 1
                && Normalizer.normalize(character, Normalizer.Form.NFKC).length() > character.length();
    }

    /** Checks one text; returns how many of its pieces lie inside an expanded character. */
    private static int check(SubwordTokenizer tokenizer, String name, JsonNode expected) {
        String text = expected.path("text").asText();
        SubwordTokenizer.TextTokens tokens = tokenizer.encodeText(text);
        long[] ids = ParityFixture.longs(expected.path("ids"));
        assertArrayEquals(ids, tokenizer.sequence(tokens.ids(), 0, tokens.size()), name);
        CodePointIndex index = new CodePointIndex(text);
        int expansions = 0;
        for (int t = 0; t < tokens.size(); t++) {
            int at = t + tokenizer.prefixLength();
            String where = name + " token " + t + " " + expected.path("pieces").get(at).asText();
            assertEquals(expected.path("word_ids").get(at).asLong(), tokens.wordIds()[t], where);
            int pieceBegin = index.toUtf16(expected.path("offsets").get(at).get(0).asInt());
            int pieceEnd = index.toUtf16(expected.path("offsets").get(at).get(1).asInt());
            if (pieceBegin != tokens.begins()[t] || pieceEnd != tokens.ends()[t]) {
                assertTrue(isExpandedCharacter(text.substring(tokens.begins()[t], tokens.ends()[t]))
                        && tokens.begins()[t] <= pieceBegin && pieceEnd <= tokens.ends()[t],
                        where + ": [" + tokens.begins()[t] + ", " + tokens.ends()[t] + ") against SentencePiece's ["
                                + pieceBegin + ", " + pieceEnd + ")");
                expansions++;
            }
        }
        return expansions;
    }
}
