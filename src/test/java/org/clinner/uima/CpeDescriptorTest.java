package org.clinner.uima;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clinner.format.MultiClinAiRow;
import org.clinner.format.MultiClinAiTsv;

import org.apache.uima.collection.metadata.CpeDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/** The reader-to-writers CPE descriptor in pipelines/ runs from XML with external settings for the model. */
class CpeDescriptorTest {

    @TempDir
    Path temp;

    @Test
    void theFolderPipelineRunsFromXml() throws Exception {
        Path input = Files.createDirectories(temp.resolve("in/sub"));
        for (String name : List.of("unicode", "crlf")) {
            Files.writeString(input.resolve(name + ".txt"), FixtureDocuments.fixtureCase("raw", name).path("text").asText());
        }
        Path settings = Files.writeString(temp.resolve("test.settings"),
                "clinner.modelLocation = " + Paths.get(FixtureDocuments.MODEL).toAbsolutePath() + "\nclinner.mode = raw\n");
        CpeDescription cpe = CpeRunner.parse(Paths.get("pipelines/annotate-folder.cpe.xml"));
        cpe.getAllCollectionCollectionReaders()[0].getConfigurationParameterSettings()
                .setParameterValue("sourceLocation", temp.resolve("in").toString());
        cpe.getCpeCasProcessors().getCpeCasProcessor(1).getConfigurationParameterSettings()
                .setParameterValue("targetLocation", temp.resolve("xmi").toString());
        Path tsv = temp.resolve("mentions.tsv");
        cpe.getCpeCasProcessors().getCpeCasProcessor(2).getConfigurationParameterSettings()
                .setParameterValue("targetLocation", tsv.toString());
        String previous = System.getProperty("UimaExternalOverrides");
        System.setProperty("UimaExternalOverrides", settings.toString());
        try {
            assertEquals(2, CpeRunner.run(cpe));
        } finally {
            if (previous == null) {
                System.clearProperty("UimaExternalOverrides");
            } else {
                System.setProperty("UimaExternalOverrides", previous);
            }
        }
        List<MultiClinAiRow> rows = MultiClinAiTsv.read(tsv);
        long unicode = rows.stream().filter(r -> r.filename().equals("sub/unicode")).count();
        assertEquals(FixtureDocuments.fixtureCase("raw", "unicode").path("mentions").size(), unicode,
                "raw mode from the settings file gives the fixture's mentions");
        assertTrue(Files.exists(temp.resolve("xmi/sub/unicode.xmi")));
    }
}
