package org.clinner.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clinner.model.nn.BatchLayout;
import org.clinner.model.tagging.Mention;
import org.clinner.model.tagging.Span;
import org.clinner.model.tagging.TaggingHead;
import org.clinner.model.tagging.TaggingOptions;
import org.clinner.text.CodePointIndex;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * DT4H multi-task state dicts against the independent PyTorch reference of the published MTL
 * script: heads and labels as the script derives them, every head's logits from one encoder pass
 * (F32, BF16 and F16 checkpoints, with and without the {@code model.} prefix, ModuleDict and legacy
 * heads, a five-label head with its label file), and each head's raw- and words-mode mentions.
 */
class MultiTaskParityTest {

    private static final double TOLERANCE = 1e-4;

    @Test
    void headsAndLabelsAreThoseTheScriptDerives() {
        for (Iterator<Map.Entry<String, JsonNode>> it = MultiTaskFixture.expected("checkpoints").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> checkpoint = it.next();
            List<String> expected = new ArrayList<>();
            checkpoint.getValue().path("heads").fields().forEachRemaining(head -> expected.add(head.getKey() + " "
                    + head.getValue().path("labels")));
            List<String> actual = new ArrayList<>();
            for (TaggingHead head : MultiTaskFixture.model(checkpoint.getKey()).heads()) {
                List<String> labels = new ArrayList<>();
                for (int id = 0; id < head.scheme().size(); id++) {
                    labels.add("\"" + head.scheme().name(id) + "\"");
                }
                actual.add(head.task() + " " + labels.toString().replace(" ", ""));
            }
            assertEquals(expected, actual, checkpoint.getKey());
        }
    }

    @Test
    void everyHeadsLogitsMatchTheReferenceFromOnePass() {
        JsonNode logits = MultiTaskFixture.expected("logits");
        List<long[]> sequences = new ArrayList<>();
        for (int r = 0; r < logits.path("batch").size(); r++) {
            long[] row = ParityFixture.longs(logits.path("batch").get(r));
            sequences.add(java.util.Arrays.copyOf(row, logits.path("lengths").get(r).asInt()));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = logits.path("by_checkpoint").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> checkpoint = it.next();
            NerModel model = MultiTaskFixture.model(checkpoint.getKey());
            List<float[][]> actual = model.classifier().logits(BatchLayout.unpacked(sequences, 0));
            int from = 0;
            for (TaggingHead head : model.heads()) {
                JsonNode expected = checkpoint.getValue().path(head.task());
                double max = 0;
                for (int r = 0; r < sequences.size(); r++) {
                    for (int t = 0; t < sequences.get(r).length; t++) {
                        for (int l = 0; l < head.scheme().size(); l++) {
                            max = Math.max(max, Math.abs(actual.get(r)[t][from + l]
                                    - expected.get(r).get(t).get(l).asDouble()));
                        }
                    }
                }
                System.out.printf("mtl %s %s: max |logit difference| %.3e%n", checkpoint.getKey(), head.task(), max);
                assertTrue(max <= TOLERANCE, checkpoint.getKey() + " " + head.task() + ": " + max);
                from += head.scheme().size();
            }
            assertEquals(from, actual.get(0)[0].length, "the classifier's width is its heads' labels together");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"special", "lines", "small_window", "empty"})
    void rawModeGivesEachHeadsReferenceMentions(String name) {
        JsonNode expected = MultiTaskFixture.expected("raw").path(name);
        String text = expected.path("text").asText();
        TaggingOptions options = new TaggingOptions(expected.path("max_length").asInt(),
                expected.path("stride").asInt(), 4096);
        assertEachHead(expected, text, model -> model.tagRaw(text, options));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sentences", "long_sentence"})
    void wordsModeGivesEachHeadsReferenceMentions(String name) {
        JsonNode expected = MultiTaskFixture.expected("words").path(name);
        String text = expected.path("text").asText();
        CodePointIndex index = new CodePointIndex(text);
        List<List<Span>> sentences = new ArrayList<>();
        for (JsonNode sentence : expected.path("sentences")) {
            List<Span> words = new ArrayList<>();
            sentence.forEach(word -> words.add(new Span(index.toUtf16(word.get(0).asInt()),
                    index.toUtf16(word.get(1).asInt()))));
            sentences.add(words);
        }
        TaggingOptions options = new TaggingOptions(expected.path("max_length").asInt(),
                expected.path("stride").asInt(), 4096);
        assertEachHead(expected, text, model -> model.tagWords(text, sentences, options));
    }

    /** One pass over all heads gives every head's expected mentions, sorted by begin, end and label. */
    private static void assertEachHead(JsonNode expected, String text,
            java.util.function.Function<NerModel, List<Mention>> tagging) {
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.path("by_checkpoint").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> checkpoint = it.next();
            List<Mention> all = new ArrayList<>();
            checkpoint.getValue().fields().forEachRemaining(head -> {
                for (JsonNode mention : head.getValue()) {
                    CodePointIndex index = new CodePointIndex(text);
                    all.add(new Mention(index.toUtf16(mention.path("start").asInt()),
                            index.toUtf16(mention.path("end").asInt()), mention.path("label").asText(), 1));
                }
            });
            all.sort(java.util.Comparator.comparingInt(Mention::begin).thenComparingInt(Mention::end)
                    .thenComparing(Mention::label));
            List<Mention> found = tagging.apply(MultiTaskFixture.model(checkpoint.getKey()));
            assertEquals(ParityFixture.lines(text, all), ParityFixture.lines(text, found), checkpoint.getKey());
            assertTrue(!found.isEmpty() || text.isEmpty(), checkpoint.getKey());
        }
    }
}
