package org.clinner.uima;

import org.clinner.io.PythonText;

import de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData;

import org.apache.uima.collection.CollectionException;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.fit.descriptor.TypeCapability;
import org.apache.uima.jcas.JCas;
import org.dkpro.core.api.io.JCasResourceCollectionReader_ImplBase;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Reads UTF-8 text files as the published DT4H script does ({@code open(path, encoding="utf-8")}):
 * line endings are normalized like Python's universal newlines ({@code \r\n} and a lone
 * {@code \r} become {@code \n}) so that offsets match the script's, and a byte order mark is kept
 * as the character U+FEFF, as Python keeps it. Files, patterns, sorting and document metadata
 * follow DKPro's resource readers.
 */
@ResourceMetaData(name = "ClinNER text reader",
        description = "Reads UTF-8 text files with Python's universal-newline normalization.")
@TypeCapability(outputs = "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData")
public class ClinicalTextReader extends JCasResourceCollectionReader_ImplBase {

    /** Normalize line endings like Python's universal newlines (default true). */
    public static final String PARAM_UNIVERSAL_NEWLINES = "universalNewlines";
    @ConfigurationParameter(name = PARAM_UNIVERSAL_NEWLINES, defaultValue = "true")
    private boolean universalNewlines;

    @Override
    public void getNext(JCas jcas) throws IOException, CollectionException {
        Resource resource = nextFile();
        initCas(jcas, resource);
        // DKPro's id is the URI-encoded relative path ("sub/nested%20doc.txt"); MultiClinAI names are plain paths
        DocumentMetaData.get(jcas).setDocumentId(
                URLDecoder.decode(resource.getPath().replace("+", "%2B"), StandardCharsets.UTF_8));
        byte[] bytes;
        try (InputStream in = resource.getInputStream()) {
            bytes = in.readAllBytes();
        }
        String document = DocumentMetaData.get(jcas).getDocumentId();
        String text;
        try {
            text = PythonText.decodeUtf8(bytes, document);
        } catch (IOException e) {
            throw new CollectionException(e);
        }
        jcas.setDocumentText(universalNewlines ? PythonText.universalNewlines(text) : text);
    }
}
