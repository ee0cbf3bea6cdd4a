package org.clinner.model.hub;

import org.clinner.model.snapshot.ModelLoadException;
import org.clinner.model.snapshot.SnapshotFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo model shipped inside the jar ({@code org/clinner/model/builtin/} on the class path): a
 * small Spanish procedure recognizer in Hugging Face snapshot layout. It is copied to a temporary
 * directory once per JVM so that its weights can be memory-mapped like any snapshot.
 */
public final class BuiltinModel {

    /** The location name that selects the built-in model. */
    public static final String NAME = "builtin";

    private static final String RESOURCE = "org/clinner/model/builtin/";
    private static final List<String> FILES = List.of(SnapshotFiles.CONFIG, SnapshotFiles.WEIGHTS,
            SnapshotFiles.TOKENIZER, SnapshotFiles.TOKENIZER_CONFIG, SnapshotFiles.SPECIAL_TOKENS_MAP, "README.md");

    private static Path extracted;

    private BuiltinModel() {}

    /**
     * Returns whether this build carries the built-in model.
     *
     * @return true when its weights are on the class path
     */
    public static boolean isAvailable() {
        return BuiltinModel.class.getClassLoader().getResource(RESOURCE + SnapshotFiles.WEIGHTS) != null;
    }

    /**
     * Returns a directory holding the built-in model, copying it from the class path on first use.
     *
     * @return the snapshot directory
     * @throws ModelLoadException when this build has no built-in model or it cannot be copied
     */
    public static synchronized Path directory() throws ModelLoadException {
        if (extracted != null) {
            return extracted;
        }
        Path where = Path.of(RESOURCE);
        if (!isAvailable()) {
            throw new ModelLoadException(where, "this build has no built-in model: give a model directory or a"
                    + " Hugging Face model id");
        }
        try {
            Path directory = Files.createTempDirectory("clinner-builtin-");
            List<Path> files = new ArrayList<>();
            for (String file : FILES) {
                try (InputStream in = BuiltinModel.class.getClassLoader().getResourceAsStream(RESOURCE + file)) {
                    if (in != null) {
                        Path target = directory.resolve(file);
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                        files.add(target);
                    }
                }
            }
            directory.toFile().deleteOnExit();
            files.forEach(f -> f.toFile().deleteOnExit());
            extracted = directory;
            return directory;
        } catch (IOException e) {
            throw new ModelLoadException(where, "cannot be copied to a temporary directory: " + e.getMessage(), e);
        }
    }
}
