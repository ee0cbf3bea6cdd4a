package org.clinner.uima;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.clinner.testing.EntityAssert.assertEntities;

import org.clinner.type.Procedure;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.uima.UIMAFramework;
import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.analysis_engine.AnalysisEngineDescription;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.apache.uima.util.XMLInputSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/** The generated descriptors validate and run for plain-UIMA users, imported by location and by name. */
class DescriptorTest {

    private static AnalysisEngineDescription parse(Path file) throws Exception {
        return UIMAFramework.getXMLParser().parseAnalysisEngineDescription(new XMLInputSource(file.toFile()));
    }

    /** Runs a description in raw mode on a fixture case: the fixture's spans. */
    private static void run(AnalysisEngineDescription description) throws Exception {
        description.doFullValidation();
        JsonNode raw = FixtureDocuments.fixtureCase("raw", "unicode");
        AnalysisEngine engine = UIMAFramework.produceAnalysisEngine(description);
        JCas jcas = engine.newJCas();
        jcas.setDocumentText(raw.path("text").asText());
        jcas.setDocumentLanguage("es");
        engine.process(jcas);
        assertEntities(FixtureDocuments.expected(raw, "Procedure"), JCasUtil.select(jcas, Procedure.class),
                Procedure::getLabel);
        engine.destroy();
    }

    @Test
    void theAnnotatorDescriptorInDescRunsByLocation() throws Exception {
        AnalysisEngineDescription description = parse(Paths.get("desc/org/clinner/uima/ClinicalNerAnnotator.xml"));
        description.getAnalysisEngineMetaData().getConfigurationParameterSettings()
                .setParameterValue(ClinicalNerAnnotator.PARAM_MODEL_LOCATION, FixtureDocuments.MODEL);
        description.getAnalysisEngineMetaData().getConfigurationParameterSettings()
                .setParameterValue(ClinicalNerAnnotator.PARAM_MODE, ClinicalNerAnnotator.MODE_RAW);
        run(description);
    }

    @Test
    void theAggregatePipelineImportsByNameAndRuns() throws Exception {
        AnalysisEngineDescription aggregate = parse(Paths.get("pipelines/ClinicalNerAggregate.xml"));
        aggregate.getAnalysisEngineMetaData().getConfigurationParameterSettings()
                .setParameterValue("modelLocation", FixtureDocuments.MODEL);
        aggregate.getAnalysisEngineMetaData().getConfigurationParameterSettings()
                .setParameterValue("mode", ClinicalNerAnnotator.MODE_RAW);
        aggregate.resolveImports(UIMAFramework.newDefaultResourceManager());
        assertEquals(List.of("ner", "segmenter"),
                aggregate.getDelegateAnalysisEngineSpecifiers().keySet().stream().sorted().toList());
        run(aggregate);
    }
}
