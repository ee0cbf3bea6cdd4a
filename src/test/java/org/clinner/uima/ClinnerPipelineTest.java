package org.clinner.uima;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.clinner.model.ModelKey;
import org.clinner.model.nn.ComputeDevice;
import org.clinner.model.nn.Precision;
import org.clinner.model.tagging.TaggingOptions;

import org.apache.uima.analysis_engine.AnalysisEngineDescription;
import org.apache.uima.resource.metadata.ConfigurationParameterSettings;
import org.dkpro.core.tokit.BreakIteratorSegmenter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/** The pipeline every front end builds from its settings. */
class ClinnerPipelineTest {

    @TempDir
    Path temp;

    @Test
    void theAnalysisIsTheSegmenterThenTheAnnotatorWithTheSettingsOnTheResolvedModel() throws Exception {
        PipelineSettings settings = new PipelineSettings(List.of(ModelSpec.of(FixtureDocuments.MODEL)),
                new NerSettings(Mode.RAW, new TaggingOptions(64, 16, 512).withPackSentences(false), 0,
                        Precision.BF16, ComputeDevice.CPU), "it", 2, true);
        ClinnerPipeline pipeline = new ClinnerPipeline(settings);
        List<ModelKey> models = pipeline.resolveModels(SharedModels.DOWNLOAD_LOG);
        ModelKey model = models.get(0);
        assertEquals(List.of(new ModelKey(Paths.get(FixtureDocuments.MODEL).toAbsolutePath(), null)
                .on(Precision.BF16, ComputeDevice.CPU)), models);
        List<AnalysisEngineDescription> analysis = pipeline.analysis(models);
        assertEquals(BreakIteratorSegmenter.class.getName(), analysis.get(0).getAnnotatorImplementationName());
        assertEquals("it", parameters(analysis.get(0)).getParameterValue(BreakIteratorSegmenter.PARAM_LANGUAGE));
        ConfigurationParameterSettings ner = parameters(analysis.get(1));
        assertEquals(model.location().toString(), ner.getParameterValue(ClinicalNerAnnotator.PARAM_MODEL_LOCATION));
        assertEquals("raw", ner.getParameterValue(ClinicalNerAnnotator.PARAM_MODE));
        assertEquals(512, ner.getParameterValue(ClinicalNerAnnotator.PARAM_TOKEN_BUDGET));
        assertEquals(64, ner.getParameterValue(ClinicalNerAnnotator.PARAM_MAX_LENGTH));
        assertEquals("bf16", ner.getParameterValue(ClinicalNerAnnotator.PARAM_PRECISION));
        assertEquals("cpu", ner.getParameterValue(ClinicalNerAnnotator.PARAM_DEVICE));
        assertEquals(16, ner.getParameterValue(ClinicalNerAnnotator.PARAM_STRIDE));
        assertEquals(false, ner.getParameterValue(ClinicalNerAnnotator.PARAM_PACK_SENTENCES));
        assertEquals(settings.intraOpThreads(), ner.getParameterValue(ClinicalNerAnnotator.PARAM_NUM_THREADS));
    }

    private static ConfigurationParameterSettings parameters(AnalysisEngineDescription description) {
        return description.getAnalysisEngineMetaData().getConfigurationParameterSettings();
    }

    @Test
    void aFolderRunListsAFailingDocumentAndCountsTheMentionsOfTheOthers() throws Exception {
        Path input = Files.createDirectories(temp.resolve("in/sub"));
        Files.writeString(input.resolve("a.txt"), FixtureDocuments.fixtureCase("raw", "unicode").path("text").asText());
        Files.write(input.resolve("b.txt"), new byte[] {'x', (byte) 0xc3});
        List<ModelSpec> fixture = List.of(ModelSpec.of(FixtureDocuments.MODEL));
        ClinnerPipeline pipeline = new ClinnerPipeline(new PipelineSettings(fixture,
                new NerSettings(Mode.RAW, new TaggingOptions(0, 128, 4096), 0, Precision.FP32, ComputeDevice.CPU), "es",
                2, false));
        RunResult result = pipeline.run(pipeline.folderReader(temp.resolve("in")),
                pipeline.analysis(pipeline.resolveModels(SharedModels.DOWNLOAD_LOG)), () -> { });
        assertEquals(2, result.documents());
        assertEquals(List.of(new DocumentFailure("sub/b.txt", "not valid UTF-8: malformed byte 0xC3 at byte offset 1")),
                result.failures());
        assertEquals(FixtureDocuments.fixtureCase("raw", "unicode").path("mentions").size(), result.mentions());
    }
}
