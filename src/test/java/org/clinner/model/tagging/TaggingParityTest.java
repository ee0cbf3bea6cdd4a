package org.clinner.model.tagging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clinner.model.NerModel;
import org.clinner.model.ParityFixture;
import org.clinner.model.ParityModels;
import org.clinner.text.CodePointIndex;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

/** Mentions of both modes against the independent reference implementation of the algorithms. */
class TaggingParityTest {

    @ParameterizedTest
    @ValueSource(strings = {"long", "long_small_window", "unicode", "crlf", "empty", "spaces"})
    void rawModeGivesTheReferenceSpans(String name) {
        JsonNode expected = ParityFixture.named("raw", name);
        String text = expected.path("text").asText();
        NerModel model = ParityModels.get("model-f32");
        for (int budget : new int[] {1, 4096}) {
            TaggingOptions options = new TaggingOptions(
                    expected.path("max_length").asInt(), expected.path("stride").asInt(), budget);
            List<Mention> mentions = model.tagRaw(text, options);
            assertEquals(ParityFixture.mentionLines(text, expected.path("mentions")),
                    ParityFixture.lines(text, mentions), name + " with a budget of " + budget + " tokens");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sentences", "long_sentence", "unicode"})
    void wordsModeGivesTheReferenceSpans(String name) {
        JsonNode expected = ParityFixture.named("words", name);
        String text = expected.path("text").asText();
        CodePointIndex index = new CodePointIndex(text);
        List<List<Span>> sentences = new ArrayList<>();
        for (JsonNode sentence : expected.path("sentences")) {
            List<Span> words = new ArrayList<>();
            for (JsonNode word : sentence) {
                words.add(new Span(index.toUtf16(word.get(0).asInt()), index.toUtf16(word.get(1).asInt())));
            }
            sentences.add(words);
        }
        TaggingOptions options = new TaggingOptions(
                expected.path("max_length").asInt(), expected.path("stride").asInt(), 4096);
        List<Mention> mentions = ParityModels.get("model-f32").tagWords(text, sentences, options);
        assertEquals(ParityFixture.mentionLines(text, expected.path("mentions")), ParityFixture.lines(text, mentions),
                name);
        mentions.forEach(m -> assertTrue(m.confidence() > 0 && m.confidence() <= 1, m.toString()));
    }
}
