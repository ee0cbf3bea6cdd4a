package org.clinner.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/** Writing like pandas (against a file pandas wrote) and reading with line-numbered errors. */
class MultiClinAiTsvTest {

    private static final Path PANDAS = Paths.get("src/test/resources/multiclinai/pandas");

    @TempDir
    Path temp;

    @Test
    void writesTheBytesPandasWrites() throws Exception {
        List<MultiClinAiRow> rows = new ArrayList<>();
        for (JsonNode row : new ObjectMapper().readTree(PANDAS.resolve("rows.json").toFile())) {
            rows.add(new MultiClinAiRow(row.path("filename").asText(), row.path("label").asText(),
                    row.path("start_span").asInt(), row.path("end_span").asInt(), row.path("text").asText()));
        }
        Path written = temp.resolve("ours.tsv");
        MultiClinAiTsv.write(written, rows);
        assertEquals(Files.readString(PANDAS.resolve("written-by-pandas.tsv"), StandardCharsets.UTF_8),
                Files.readString(written, StandardCharsets.UTF_8));
    }

    @Test
    void readsBackWhatItWritesExceptALoneCarriageReturn() throws Exception {
        List<MultiClinAiRow> rows = List.of(
                new MultiClinAiRow("a b", "PROCEDURE", 0, 5, "x\ty \"z\"\nw"),
                new MultiClinAiRow("a b", "PROCEDURE", 7, 9, " #😀 "));
        Path file = temp.resolve("rows.tsv");
        MultiClinAiTsv.write(file, rows);
        assertEquals(rows, MultiClinAiTsv.read(file));
    }

    private String failure(String content) throws Exception {
        Path file = Files.writeString(temp.resolve("bad.tsv"), content);
        return assertThrows(MalformedTsvException.class, () -> MultiClinAiTsv.read(file)).getMessage();
    }

    @Test
    void malformedRowsNameTheFileAndLine() throws Exception {
        String header = "filename\tlabel\tstart_span\tend_span\ttext\n";
        String ok = "d\tPROCEDURE\t1\t4\tabc\n";
        String message = failure(header + ok + "d\tPROCEDURE\t9\t4\tabc\n");
        assertTrue(message.endsWith("bad.tsv:3: end_span 4 is not after start_span 9"), message);
        message = failure(header + ok + ok + "d\tPROCEDURE\tx\t4\tabc\n");
        assertTrue(message.endsWith("bad.tsv:4: start_span 'x' is not a number"), message);
        message = failure(header + "d\tPROCEDURE\t1\n");
        assertTrue(message.endsWith("bad.tsv:2: has 3 columns, the header has 5"), message);
        message = failure("filename\tlabel\tstart\tend_span\ttext\n");
        assertTrue(message.contains("bad.tsv:1: missing columns [start_span]"), message);
        message = failure(header + "\"d\ne\"\tPROCEDURE\t1\t4\tabc\nd\tPROCEDURE\t5\t5\tabc\n");
        assertTrue(message.endsWith("bad.tsv:4: end_span 5 is not after start_span 5"), message);
    }
}
