package org.clinner.train;

import org.clinner.format.MultiClinAiRow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Entity annotations of a brat standoff {@code .ann} file ({@code T1<TAB>LABEL START END<TAB>text};
 * a discontinuous entity {@code START END;START END} is taken from its first start to its last
 * end). Offsets are code points, as brat counts them.
 */
final class BratAnnotations {

    private BratAnnotations() {}

    /**
     * Reads the text-bound annotations of a file; a missing file has none.
     *
     * @param file the {@code .ann} file
     * @param document the document's name for the rows
     * @return one row per entity
     * @throws IOException when a line is malformed (named with its number)
     */
    static List<MultiClinAiRow> read(Path file, String document) throws IOException {
        List<MultiClinAiRow> rows = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return rows;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.startsWith("T")) {
                continue;
            }
            String[] fields = line.split("\t", 3);
            String[] typeAndOffsets = fields.length < 3 ? new String[0] : fields[1].split(" ", 2);
            if (typeAndOffsets.length < 2) {
                throw new IOException(file + ":" + (i + 1) + ": not a brat entity line");
            }
            try {
                String[] fragments = typeAndOffsets[1].split(";");
                int start = Integer.parseInt(fragments[0].split(" ")[0]);
                String[] last = fragments[fragments.length - 1].split(" ");
                int end = Integer.parseInt(last[last.length - 1]);
                // a discontinuous entity's text joins its fragments: it is not the covered text, so it is not checked
                rows.add(new MultiClinAiRow(document, typeAndOffsets[0], start, end,
                        fragments.length == 1 ? fields[2] : ""));
            } catch (NumberFormatException e) {
                throw new IOException(file + ":" + (i + 1) + ": offsets are not numbers", e);
            }
        }
        return rows;
    }
}
