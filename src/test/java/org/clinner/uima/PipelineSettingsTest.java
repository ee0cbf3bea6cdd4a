package org.clinner.uima;

import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngineDescription;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.clinner.model.nn.ComputeDevice;
import org.clinner.model.nn.Precision;
import org.clinner.model.tagging.InvalidSettingException;
import org.clinner.model.tagging.TaggingOptions;

import org.apache.uima.resource.metadata.ConfigurationParameterSettings;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;

/** The one validated settings value behind every front end. */
class PipelineSettingsTest {

    private static final NerSettings NER = NerSettings.DEFAULTS;
    private static final List<ModelSpec> BUILTIN = List.of(ModelSpec.BUILTIN);

    @Test
    void everyValueIsCheckedWithTheParameterItBelongsTo() {
        // the runtime's options are named as the annotator's parameters, which front ends map to their options
        assertInvalid(ClinicalNerAnnotator.PARAM_TOKEN_BUDGET, "must be at least 1, not 0",
                () -> new TaggingOptions(0, 128, 0));
        assertInvalid(ClinicalNerAnnotator.PARAM_MAX_LENGTH, "must be at least 3, not 2",
                () -> new TaggingOptions(2, 128, 4096));
        assertInvalid(ClinicalNerAnnotator.PARAM_STRIDE, "must be at least 0, not -1",
                () -> new TaggingOptions(0, -1, 4096));
        assertInvalid("numThreads", "must be at least 0, not -1",
                () -> new NerSettings(Mode.WORDS, TaggingOptions.DEFAULT, -1, Precision.FP32, ComputeDevice.CPU));
        assertInvalid("mode", "must be words or raw, not 'sentences'", () -> Mode.parse("sentences"));
        assertInvalid("threads", "must be at least 1, not 0", () -> new PipelineSettings(BUILTIN, NER, "es", 0, false));
        assertInvalid("language", "must name a language, e.g. es",
                () -> new PipelineSettings(BUILTIN, NER, "", 1, false));
        assertEquals(Mode.RAW, Mode.parse("RAW"));
        assertInvalid("models", "must name at least one model", () -> new PipelineSettings(List.of(), NER, "es", 1,
                false));
        assertInvalid("tasks", "has an empty task name", () -> new ModelSpec("x.pt", null, null, null, null,
                List.of("disease", " "), Map.of()));
        assertInvalid("id2label", "entry 'clinical_ner' is not TASK=FILE",
                () -> ModelSpec.labelFiles(new String[] {"clinical_ner"}));
        assertEquals("builtin", ModelSpec.of(null).location());
    }

    private static void assertInvalid(String setting, String problem, Runnable make) {
        InvalidSettingException error = assertThrows(InvalidSettingException.class, make::run);
        assertEquals(setting, error.setting());
        assertEquals(problem, error.problem());
        assertEquals(setting + " " + problem, error.getMessage());
    }

    @Test
    void theDefaultsAreTheAnnotatorsParameterDefaults() throws Exception {
        ConfigurationParameterSettings defaults = createEngineDescription(ClinicalNerAnnotator.class)
                .getAnalysisEngineMetaData().getConfigurationParameterSettings();
        Object[] parameters = NER.parameters(ModelSpec.BUILTIN);
        for (int i = 0; i < parameters.length; i += 2) {
            Object value = defaults.getParameterValue((String) parameters[i]);
            assertEquals(value == null ? null : value.toString(),
                    parameters[i + 1] == null ? null : parameters[i + 1].toString(), (String) parameters[i]);
        }
    }

    @Test
    void settingsTravelToSparkExecutorsByJavaSerialization() throws Exception {
        PipelineSettings settings = new PipelineSettings(List.of(new ModelSpec("models/x", "v1", "model-bf16.pt",
                null, null, List.of(), Map.of()), new ModelSpec("m.pt", null, null, "base", "abc", List.of("disease"),
                Map.of("disease", "labels.json"))), new NerSettings(Mode.RAW,
                new TaggingOptions(256, 64, 512).withPackSentences(false), 3, Precision.INT8,
                ComputeDevice.parse("cuda:1")), "it", 4, true);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(settings);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(settings, in.readObject());
        }
    }

    @Test
    void zeroIntraOpThreadsDividesTheCpusAmongThePipelineThreads() {
        int cpus = Runtime.getRuntime().availableProcessors();
        assertEquals(Math.max(1, cpus / 2), new PipelineSettings(BUILTIN, NER, "es", 2, false).intraOpThreads());
        assertEquals(1, new PipelineSettings(BUILTIN, NER, "es", cpus + 1, false).intraOpThreads());
        assertEquals(5, new PipelineSettings(BUILTIN, NER.withNumThreads(5), "es", 2, false).intraOpThreads());
    }
}
