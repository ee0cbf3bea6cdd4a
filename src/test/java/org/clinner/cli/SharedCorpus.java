package org.clinner.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The MedProcNER documents in {@code ../shared} (tests that need them are skipped when absent). */
final class SharedCorpus {

    private SharedCorpus() {}

    /**
     * Returns the MedProcNER data, or skips the calling test when the part it needs is absent.
     *
     * @param needed a file or folder inside it the test reads, e.g. {@code test/txt}
     * @return {@code ../shared/data/medprocner}
     */
    static Path medprocner(String needed) {
        Path folder = Paths.get(System.getProperty("clinner.shared.dir", "../shared"), "data", "medprocner");
        assumeTrue(Files.exists(folder.resolve(needed)), "shared MedProcNER data absent: " + folder.resolve(needed));
        return folder;
    }
}
