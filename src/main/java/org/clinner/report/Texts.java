package org.clinner.report;

import org.clinner.format.DocumentRows;
import org.clinner.io.DocumentFolder;
import org.clinner.text.CodePointOrder;
import org.clinner.text.PythonText;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/** The texts a report shows: the {@code .txt} files of a folder, read as {@code clinner annotate} reads them. */
public final class Texts {

    private Texts() {}

    /**
     * Reads every {@code .txt} file below a folder.
     *
     * @param folder the folder {@code annotate} read
     * @param problems told about each file that cannot be read (named, with the reason); the others are read
     * @return the texts by MultiClinAI file name (the relative path without {@code .txt})
     * @throws IOException when the folder itself cannot be walked
     */
    public static Map<String, String> read(Path folder, Consumer<String> problems) throws IOException {
        Map<String, String> texts = new TreeMap<>(CodePointOrder.ORDER);
        DocumentFolder.Listing listing = DocumentFolder.scan(folder, List.of("**/*.txt"), List.of());
        for (DocumentFolder.Entry entry : listing.entries()) {
            try {
                if (entry.problem() != null) {
                    throw entry.problem();
                }
                String text = PythonText.read(Files.readAllBytes(entry.file()));
                texts.put(DocumentRows.filename(entry.relativePath()), text);
            } catch (IOException e) {
                problems.accept(entry.relativePath() + ": " + DocumentFolder.reason(e));
            }
        }
        return texts;
    }
}
