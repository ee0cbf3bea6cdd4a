package org.clinner.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/** Rows sorted through run files come out as {@code List.sort} orders them, and the runs are deleted. */
class ExternalRowSorterTest {

    @TempDir
    Path temp;

    @Test
    void runsMergeIntoTheOrderOfAnInMemorySort() throws Exception {
        Random random = new Random(5);
        String[] texts = {"biopsia", "TAC\tcraneal", "eco\ngrafía", "\"doble\"", "𝒜bdomen", "\uFEFFSe",
            "x".repeat(70_000)};
        List<MultiClinAiRow> rows = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            int start = random.nextInt(50);
            rows.add(new MultiClinAiRow("doc-" + random.nextInt(20), random.nextBoolean() ? "PROCEDURE" : "DISEASE",
                    start, start + 1 + random.nextInt(10), texts[random.nextInt(texts.length)]));
        }
        List<MultiClinAiRow> expected = new ArrayList<>(rows);
        expected.sort(MultiClinAiRow.ORDER);
        List<MultiClinAiRow> merged = new ArrayList<>();
        try (ExternalRowSorter sorter = new ExternalRowSorter(64, temp)) {
            for (MultiClinAiRow row : rows) {
                sorter.add(row);
            }
            try (Stream<Path> files = Files.list(temp)) {
                assertEquals(15, files.count(), "1,000 rows in batches of 64: 15 run files and 40 rows in memory");
            }
            for (Iterator<MultiClinAiRow> it = sorter.sorted(); it.hasNext(); ) {
                merged.add(it.next());
            }
        }
        assertEquals(expected, merged);
        try (Stream<Path> files = Files.list(temp)) {
            assertTrue(files.findAny().isEmpty(), "run files deleted");
        }
    }

    @Test
    void noRowsGiveNoRows() throws Exception {
        try (ExternalRowSorter sorter = new ExternalRowSorter(1, temp)) {
            assertTrue(!sorter.sorted().hasNext());
        }
    }
}
