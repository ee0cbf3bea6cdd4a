package org.clinner.uima;

import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngineDescription;
import static org.apache.uima.fit.factory.CollectionReaderFactory.createReaderDescription;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clinner.format.MultiClinAiRow;
import org.clinner.format.MultiClinAiTsv;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.uima.collection.CollectionReaderDescription;
import org.apache.uima.fit.cpe.CpePipeline;
import org.dkpro.core.io.text.TextReader;
import org.dkpro.core.tokit.BreakIteratorSegmenter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A multi-threaded CPE shares one model and writes the same TSV as a single thread. */
class CpePipelineTest {

    @TempDir
    Path temp;

    private Path documents() throws Exception {
        Path input = Files.createDirectories(temp.resolve("input"));
        for (String name : List.of("long", "long_small_window", "unicode", "crlf", "spaces", "empty")) {
            JsonNode raw = FixtureDocuments.fixtureCase("raw", name);
            Files.writeString(input.resolve(name + ".txt"), raw.path("text").asText(), StandardCharsets.UTF_8);
        }
        return input;
    }

    private Path run(Path input, int threads, String mode) throws Exception {
        Path output = temp.resolve("out-" + mode + "-" + threads + ".tsv");
        CollectionReaderDescription reader = createReaderDescription(TextReader.class,
                TextReader.PARAM_SOURCE_LOCATION, input.toString(),
                TextReader.PARAM_PATTERNS, "*.txt",
                TextReader.PARAM_LANGUAGE, "es");
        int loadsBefore = SharedModels.loadCount();
        CpePipeline.runPipeline(threads, reader,
                createEngineDescription(BreakIteratorSegmenter.class),
                FixtureDocuments.annotator(FixtureDocuments.MODEL, ClinicalNerAnnotator.PARAM_MODE, mode),
                createEngineDescription(MultiClinAiTsvWriter.class, MultiClinAiTsvWriter.PARAM_TARGET_LOCATION,
                output.toString()));
        assertEquals(1, SharedModels.loadCount() - loadsBefore,
                "the model is loaded once per run, whatever the threads");
        try (SharedModels.Lease lease = SharedModels.acquire(ModelSpec.of(FixtureDocuments.MODEL),
                NerSettings.DEFAULTS)) {
            assertEquals(2, SharedModels.loadCount() - loadsBefore, "the last annotator released the model");
        }
        return output;
    }

    @Test
    void twoThreadsShareOneModelAndWriteTheSameBytesAsOne() throws Exception {
        Path input = documents();
        for (String mode : List.of(ClinicalNerAnnotator.MODE_WORDS, ClinicalNerAnnotator.MODE_RAW)) {
            byte[] single = Files.readAllBytes(run(input, 1, mode));
            byte[] parallel = Files.readAllBytes(run(input, 2, mode));
            assertArrayEquals(single, parallel, mode);
            List<MultiClinAiRow> rows = MultiClinAiTsv.read(temp.resolve("out-" + mode + "-1.tsv"));
            assertTrue(rows.size() > 100, mode + ": " + rows.size() + " rows");
        }
    }

    @Test
    void rawModeTsvHasTheFixtureSpansInCodePoints() throws Exception {
        Path input = documents();
        List<MultiClinAiRow> rows = MultiClinAiTsv.read(run(input, 2, ClinicalNerAnnotator.MODE_RAW));
        for (String name : List.of("long", "unicode", "crlf", "spaces")) {
            List<MultiClinAiRow> expected = new ArrayList<>();
            for (JsonNode mention : FixtureDocuments.fixtureCase("raw", name).path("mentions")) {
                expected.add(new MultiClinAiRow(name, mention.path("label").asText(), mention.path("start").asInt(),
                        mention.path("end").asInt(), mention.path("text").asText()));
            }
            assertEquals(expected, rows.stream().filter(r -> r.filename().equals(name)).toList(), name);
        }
    }
}
