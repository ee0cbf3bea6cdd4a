package org.clinner.model;

import org.clinner.model.tagging.Mention;
import org.clinner.text.CodePointIndex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
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
}
