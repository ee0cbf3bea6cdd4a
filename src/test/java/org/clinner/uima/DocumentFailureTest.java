package org.clinner.uima;

import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngine;
import static org.apache.uima.fit.factory.CollectionReaderFactory.createReader;
import static org.apache.uima.fit.factory.TypeSystemDescriptionFactory.createTypeSystemDescription;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData;

import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.collection.CollectionReader;
import org.apache.uima.fit.factory.JCasFactory;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.metadata.TypeDescription;
import org.apache.uima.resource.metadata.TypeSystemDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Every component reports a problem with one document the same way: an exception whose message is
 * the document's name, a colon and the problem, and whose innermost message is the problem alone.
 */
class DocumentFailureTest {

    @TempDir
    Path temp;

    @Test
    void theReaderNamesADocumentItCannotDecode() throws Exception {
        Files.write(temp.resolve("bad.txt"), new byte[] {'a', (byte) 0xff});
        CollectionReader reader = createReader(ClinicalTextReader.class,
                ClinicalTextReader.PARAM_SOURCE_LOCATION, temp.toString(), ClinicalTextReader.PARAM_PATTERNS, "*.txt");
        JCas jcas = JCasFactory.createJCas();
        Exception error = assertThrows(Exception.class, () -> reader.getNext(jcas.getCas()));
        assertNamed(error, "bad.txt", "not valid UTF-8: malformed byte 0xFF at byte offset 1");
    }

    @Test
    void theXmiWriterNamesADocumentNoXmlCanHold() throws Exception {
        AnalysisEngine writer = createEngine(AtomicXmiWriter.class,
                AtomicXmiWriter.PARAM_TARGET_LOCATION, temp.resolve("xmi").toString());
        JCas jcas = FixtureDocuments.cas("a\u0000b", "nul.txt");
        Exception error = assertThrows(Exception.class, () -> writer.process(jcas));
        assertNamed(error, "nul.txt", "cannot be written as XMI: Trying to serialize non-XML 1.1 character: 0x0"
                + " at offset 1 in string starting with a");
    }

    @Test
    void theTsvWriterNamesADocumentOfAnotherTypeSystem() throws Exception {
        AnalysisEngine writer = createEngine(MultiClinAiTsvWriter.class,
                MultiClinAiTsvWriter.PARAM_TARGET_LOCATION, temp.resolve("out.tsv").toString(),
                MultiClinAiTsvWriter.PARAM_ENTITY_TYPE, "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity",
                MultiClinAiTsvWriter.PARAM_LABEL_FEATURE, "value");
        // a CAS whose type system lacks the type the writer reads (a pipeline that did not declare it)
        TypeSystemDescription withoutNer = createTypeSystemDescription();
        withoutNer.resolveImports();
        withoutNer.setTypes(Arrays.stream(withoutNer.getTypes())
                .filter(type -> !type.getName().startsWith("de.tudarmstadt.ukp.dkpro.core.api.ner."))
                .toArray(TypeDescription[]::new));
        JCas jcas = JCasFactory.createJCas(withoutNer);
        jcas.setDocumentText("x");
        DocumentMetaData.create(jcas).setDocumentId("other.txt");
        Exception error = assertThrows(Exception.class, () -> writer.process(jcas));
        assertNamed(error, "other.txt", "entityType names 'de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity',"
                + " which is not a type of the type system: add its type system to the pipeline (on the class path,"
                + " registered with uimaFIT, or with JCas classes)");
    }

    private static void assertNamed(Exception error, String document, String reason) {
        assertEquals(new DocumentFailure(document, reason), DocumentFailure.of(error, null));
        Throwable named = error;
        while (!(named instanceof DocumentException)) {
            named = named.getCause();
        }
        assertEquals(document + ": " + reason, named.getMessage());
    }
}
