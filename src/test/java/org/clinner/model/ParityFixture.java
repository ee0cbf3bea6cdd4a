package org.clinner.model;

import org.clinner.model.tagging.Mention;
import org.clinner.text.CodePointIndex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The expectations written by {@code tools/fixtures/make_parity_fixture.py}, an independent PyTorch
 * and plain-Python reference (offsets in Unicode code points, as Python counts them).
 */
public final class ParityFixture {

    private static final JsonNode ROOT = read();

    private ParityFixture() {}

    private static JsonNode read() {
        try {
            return new ObjectMapper().readTree(TestSnapshots.PARITY.resolve("expected.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Returns the cases of one section.
     *
     * @param section {@code logits}, {@code tokenization}, {@code raw} or {@code words}
     * @return the cases in file order
     */
    public static List<JsonNode> cases(String section) {
        List<JsonNode> cases = new ArrayList<>();
        ROOT.path(section).forEach(cases::add);
        return cases;
    }

    /**
     * Returns one named case.
     *
     * @param section the section
     * @param name the case name
     * @return the case
     */
    public static JsonNode named(String section, String name) {
        for (JsonNode node : ROOT.path(section)) {
            if (name.equals(node.path("name").asText())) {
                return node;
            }
        }
        throw new IllegalArgumentException("no case " + name + " in " + section);
    }

    /**
     * Converts the expected mentions of a case to UTF-16 offsets.
     *
     * @param text the case text
     * @param mentions the expected mentions (code point offsets)
     * @return one line per mention: {@code begin end label text}
     */
    public static List<String> mentionLines(String text, JsonNode mentions) {
        CodePointIndex index = new CodePointIndex(text);
        List<String> lines = new ArrayList<>();
        for (JsonNode mention : mentions) {
            int begin = index.toUtf16(mention.path("start").asInt());
            int end = index.toUtf16(mention.path("end").asInt());
            lines.add(line(text, begin, end, mention.path("label").asText()));
        }
        return lines;
    }

    /**
     * Formats found mentions the way {@link #mentionLines} formats expected ones.
     *
     * @param text the text
     * @param mentions the found mentions
     * @return one line per mention
     */
    public static List<String> lines(String text, List<Mention> mentions) {
        List<String> lines = new ArrayList<>();
        for (Mention mention : mentions) {
            lines.add(line(text, mention.begin(), mention.end(), mention.label()));
        }
        return lines;
    }

    private static String line(String text, int begin, int end, String label) {
        return begin + " " + end + " " + label + " " + text.substring(begin, end);
    }

    /**
     * Reads an array of longs.
     *
     * @param node a JSON array of integers
     * @return the values
     */
    public static long[] longs(JsonNode node) {
        long[] values = new long[node.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = node.get(i).asLong();
        }
        return values;
    }

    /**
     * Returns the logits case of one fixture model.
     *
     * @param model e.g. {@code model-f32}
     * @return its padded batch: input ids, attention mask and the reference's logits
     */
    public static JsonNode logitsOf(String model) {
        for (JsonNode batch : cases("logits")) {
            if (batch.path("model").asText().equals(model)) {
                return batch;
            }
        }
        throw new IllegalStateException("no logits of " + model + " in the fixture");
    }

    /**
     * Returns a padded batch's rows without their padding, as the runtime takes them.
     *
     * @param batch a logits case
     * @return the token ids of each row
     */
    public static List<long[]> unpadded(JsonNode batch) {
        List<long[]> sequences = new ArrayList<>();
        for (int r = 0; r < batch.path("input_ids").size(); r++) {
            long[] ids = longs(batch.path("input_ids").get(r));
            long[] mask = longs(batch.path("attention_mask").get(r));
            int length = 0;
            while (length < mask.length && mask[length] == 1) {
                length++;
            }
            sequences.add(Arrays.copyOf(ids, length));
        }
        return sequences;
    }

    /**
     * Returns the largest difference from the reference's logits over the real (unpadded) positions.
     *
     * @param actual logits per row, without padding
     * @param expected the reference's padded logits
     * @return the largest absolute difference
     */
    public static double maxDifference(List<float[][]> actual, JsonNode expected) {
        double max = 0;
        for (int r = 0; r < actual.size(); r++) {
            float[][] rows = actual.get(r);
            if (rows.length == 0) {
                throw new AssertionError("row " + r + " has no logits");
            }
            for (int t = 0; t < rows.length; t++) {
                for (int l = 0; l < rows[t].length; l++) {
                    max = Math.max(max, Math.abs(rows[t][l] - expected.get(r).get(t).get(l).asDouble()));
                }
            }
        }
        return max;
    }

    /**
     * Returns the share of real tokens whose arg-max label is the reference's.
     *
     * @param logits logits per row, without padding
     * @param expected the reference's padded logits
     * @return a share between 0 and 1
     */
    public static double argmaxAgreement(List<float[][]> logits, JsonNode expected) {
        int same = 0;
        int total = 0;
        for (int r = 0; r < logits.size(); r++) {
            for (int t = 0; t < logits.get(r).length; t++) {
                float[] row = logits.get(r)[t];
                JsonNode want = expected.get(r).get(t);
                int best = 0;
                int expectedBest = 0;
                for (int l = 1; l < row.length; l++) {
                    best = row[l] > row[best] ? l : best;
                    expectedBest = want.get(l).asDouble() > want.get(expectedBest).asDouble() ? l : expectedBest;
                }
                same += best == expectedBest ? 1 : 0;
                total++;
            }
        }
        return (double) same / total;
    }
}
