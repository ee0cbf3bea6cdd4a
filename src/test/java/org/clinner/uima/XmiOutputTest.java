package org.clinner.uima;

import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngineDescription;
import static org.apache.uima.fit.factory.CollectionReaderFactory.createReaderDescription;
import static org.clinner.testing.EntityAssert.assertEntities;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clinner.format.DocumentRows;
import org.clinner.format.MultiClinAiRow;
import org.clinner.format.MultiClinAiTsv;
import org.clinner.testing.EntityAssert;
import org.clinner.type.Procedure;

import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;

import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.fit.pipeline.SimplePipeline;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.apache.uima.util.CasIOUtils;
import org.dkpro.core.io.text.TextReader;
import org.dkpro.core.io.xmi.XmiWriter;
import org.dkpro.core.tokit.BreakIteratorSegmenter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** DKPro's XmiWriter after the annotator keeps tokens and the same mentions the TSV has. */
class XmiOutputTest {

    @TempDir
    Path temp;

    @Test
    void xmiHoldsTokensAndTheMentionsOfTheTsv() throws Exception {
        Path input = Files.createDirectories(temp.resolve("in"));
        for (String name : List.of("unicode", "crlf")) {
            Files.writeString(input.resolve(name + ".txt"), FixtureDocuments.fixtureCase("raw", name).path("text")
                    .asText());
        }
        Path xmi = temp.resolve("xmi");
        Path tsv = temp.resolve("out.tsv");
        SimplePipeline.runPipeline(
                createReaderDescription(TextReader.class, TextReader.PARAM_SOURCE_LOCATION, input.toString(),
                        TextReader.PARAM_PATTERNS, "*.txt", TextReader.PARAM_LANGUAGE, "es"),
                createEngineDescription(BreakIteratorSegmenter.class),
                FixtureDocuments.annotator(FixtureDocuments.MODEL),
                createEngineDescription(XmiWriter.class, XmiWriter.PARAM_TARGET_LOCATION, xmi.toString(),
                        XmiWriter.PARAM_STRIP_EXTENSION, true),
                createEngineDescription(MultiClinAiTsvWriter.class, MultiClinAiTsvWriter.PARAM_TARGET_LOCATION,
                tsv.toString()));
        Map<String, List<MultiClinAiRow>> rows = MultiClinAiTsv.readByDocument(tsv);
        for (String name : List.of("unicode", "crlf")) {
            JCas jcas = JCasFactory.createJCas();
            try (InputStream in = Files.newInputStream(xmi.resolve(name + ".xmi"))) {
                CasIOUtils.load(in, jcas.getCas());
            }
            assertTrue(JCasUtil.select(jcas, Token.class).size() > 20, name);
            // the TSV's rows, placed in the text the XMI holds, are its mentions
            DocumentRows document = new DocumentRows(name, jcas.getDocumentText());
            List<String> expected = new ArrayList<>();
            for (MultiClinAiRow row : rows.get(name)) {
                DocumentRows.TextSpan span = document.span(row, true);
                expected.add(EntityAssert.entity(span.begin(), span.end(), "Procedure", row.label(), row.text()));
            }
            assertEntities(expected, JCasUtil.select(jcas, Procedure.class), Procedure::getLabel);
        }
    }
}
