package org.clinner.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.clinner.format.MultiClinAiTsv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The scorer's JSON, byte for byte, against the output of the official MultiClinAI scorer run by
 * {@code tools/fixtures/make_multiclinai_fixture.py} (worked example, edge cases, rounding traps).
 */
class OfficialScorerParityTest {

    private static final Path ROOT = Paths.get("src/test/resources/multiclinai");

    /** Official-scorer behaviours that come from pandas' type guessing, which this scorer does not copy. */
    private static final List<String> NOT_REPRODUCED = List.of("numeric_filenames", "numeric_filenames_mixed",
            "na_label", "leading_quote_text");

    static Stream<Arguments> runs() throws IOException {
        List<Arguments> runs = new ArrayList<>();
        for (String folder : List.of("scorer", "scorer-quirks")) {
            for (JsonNode item : new ObjectMapper().readTree(ROOT.resolve(folder).resolve("cases.json").toFile())) {
                String name = item.path("case").asText();
                if (NOT_REPRODUCED.contains(name)) {
                    continue;
                }
                for (JsonNode run : item.path("runs")) {
                    runs.add(Arguments.of(ROOT.resolve(folder).resolve(name),
                            run.path("entity").isNull() ? null : run.path("entity").asText(),
                            run.path("expected").asText()));
                }
            }
        }
        return runs.stream();
    }

    @ParameterizedTest(name = "{0} --entity {1}")
    @MethodSource("runs")
    void printsWhatTheOfficialScorerPrints(Path folder, String entity, String expected) throws IOException {
        ScoreReport report = MultiClinAiScorer.score(MultiClinAiTsv.read(folder.resolve("gold.tsv")),
                MultiClinAiTsv.read(folder.resolve("pred.tsv")), entity);
        assertEquals(Files.readString(folder.resolve(expected), StandardCharsets.UTF_8), report.toJson());
    }
}
