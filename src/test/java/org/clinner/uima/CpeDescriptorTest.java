package org.clinner.uima;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clinner.format.MultiClinAiRow;
import org.clinner.format.MultiClinAiTsv;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.uima.collection.metadata.CpeDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/** The reader-to-writers CPE descriptor in pipelines/ runs from XML with external settings for the model. */
class CpeDescriptorTest {

    @TempDir
    Path temp;

    /** The descriptor on a folder of two fixture texts, the model from a settings file, in raw mode. */
    private CpeDescription folderPipeline(Path tsv) throws Exception {
        Path input = Files.createDirectories(temp.resolve("in/sub"));
        for (String name : List.of("unicode", "crlf")) {
            Files.writeString(input.resolve(name + ".txt"), FixtureDocuments.fixtureCase("raw", name).path("text")
                    .asText());
        }
        CpeDescription cpe = CpeRunner.parse(Paths.get("pipelines/annotate-folder.cpe.xml"));
        cpe.getAllCollectionCollectionReaders()[0].getConfigurationParameterSettings()
                .setParameterValue("sourceLocation", temp.resolve("in").toString());
        cpe.getCpeCasProcessors().getCpeCasProcessor(1).getConfigurationParameterSettings()
                .setParameterValue("targetLocation", temp.resolve("xmi").toString());
        cpe.getCpeCasProcessors().getCpeCasProcessor(2).getConfigurationParameterSettings()
                .setParameterValue("targetLocation", tsv.toString());
        return cpe;
    }

    private RunResult run(CpeDescription cpe, Path model) throws Exception {
        Path settings = Files.writeString(temp.resolve("test.settings"),
                "clinner.modelLocation = " + model.toAbsolutePath() + "\nclinner.mode = raw\n");
        String previous = System.getProperty("UimaExternalOverrides");
        System.setProperty("UimaExternalOverrides", settings.toString());
        try {
            return CpeRunner.run(cpe);
        } finally {
            if (previous == null) {
                System.clearProperty("UimaExternalOverrides");
            } else {
                System.setProperty("UimaExternalOverrides", previous);
            }
        }
    }

    @Test
    void theFolderPipelineRunsFromXml() throws Exception {
        Path tsv = temp.resolve("mentions.tsv");
        RunResult result = run(folderPipeline(tsv), Paths.get(FixtureDocuments.MODEL));
        assertEquals(2, result.documents());
        assertEquals(List.of(), result.failures());
        List<MultiClinAiRow> expected = new ArrayList<>();
        for (JsonNode mention : FixtureDocuments.fixtureCase("raw", "unicode").path("mentions")) {
            expected.add(new MultiClinAiRow("sub/unicode", mention.path("label").asText(), mention.path("start")
                    .asInt(),
                    mention.path("end").asInt(), mention.path("text").asText()));
        }
        assertEquals(expected, MultiClinAiTsv.readByDocument(tsv).get("sub/unicode"),
                "raw mode from the settings file gives the fixture's mentions");
        assertTrue(Files.exists(temp.resolve("xmi/sub/unicode.xmi")));
    }

    @Test
    void aMisspeltTypeInTheDescriptorStopsTheRunBeforeAnyDocument() throws Exception {
        Path tsv = temp.resolve("mentions.tsv");
        CpeDescription cpe = folderPipeline(tsv);
        cpe.getCpeCasProcessors().getCpeCasProcessor(2).getConfigurationParameterSettings()
                .setParameterValue(MultiClinAiTsvWriter.PARAM_ENTITY_TYPE, "org.clinner.type.Procedures");
        int loadsBefore = SharedModels.loadCount();
        Exception error = assertThrows(Exception.class, () -> run(cpe, Paths.get(FixtureDocuments.MODEL)));
        assertTrue(DocumentFailure.reason(error).startsWith("entityType names 'org.clinner.type.Procedures', which is"
                + " not a type of the type system"), DocumentFailure.reason(error));
        assertFalse(Files.exists(tsv));
        assertFalse(Files.exists(temp.resolve("xmi/sub")), "no document was written");
        assertEquals(loadsBefore + 1, SharedModels.loadCount(), "the annotators had started and loaded the model");
        try (SharedModels.Lease lease = SharedModels.acquire(ModelSpec.of(FixtureDocuments.MODEL),
                NerSettings.DEFAULTS)) {
            assertEquals(loadsBefore + 2, SharedModels.loadCount(), "and released it when the run could not start");
        }
    }
}
