package org.clinner.model.tagging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.clinner.model.ParityFixture;
import org.clinner.model.ParityModels;
import org.clinner.text.CodePointIndex;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

/**
 * DJL's tokenizer through {@link SubwordTokenizer} against the reference Metaspace + Unigram
 * tokenizer: ids, word ids and spans (code points converted to UTF-16, so non-BMP text is covered).
 */
class TokenizationParityTest {

    @Test
    void tokensWordIdsAndSpansMatchTheReference() {
        SubwordTokenizer tokenizer = ParityModels.get("model-f32").tokenizer();
        for (JsonNode expected : ParityFixture.cases("tokenization")) {
            String name = expected.path("name").asText();
            String text = expected.path("text").asText();
            SubwordTokenizer.TextTokens tokens = tokenizer.encodeText(text);
            long[] ids = ParityFixture.longs(expected.path("ids"));
            int content = ids.length - tokenizer.specialTokenCount();
            assertEquals(content, tokens.size(), name);
            long[] withSpecials = tokenizer.sequence(tokens.ids(), 0, tokens.size());
            assertArrayEquals(ids, withSpecials, name);
            CodePointIndex index = new CodePointIndex(text);
            for (int t = 0; t < content; t++) {
                int at = t + tokenizer.prefixLength();
                JsonNode offsets = expected.path("offsets").get(at);
                assertEquals(expected.path("word_ids").get(at).asLong(), tokens.wordIds()[t], name + " word of token "
                        + t);
                assertEquals(index.toUtf16(offsets.get(0).asInt()), tokens.begins()[t], name + " begin of token " + t);
                assertEquals(index.toUtf16(offsets.get(1).asInt()), tokens.ends()[t], name + " end of token " + t);
            }
        }
    }
}
