package org.clinner.uima;

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
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
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
        String text = decodeUtf8(bytes, resource.getPath());
        jcas.setDocumentText(universalNewlines ? normalizeNewlines(text) : text);
    }

    /**
     * Decodes strict UTF-8, as Python's {@code open(encoding="utf-8")} does: a malformed file is an
     * error for that document, not replacement characters that would shift nothing but hide damage.
     *
     * @param bytes the file content
     * @param document the document's path, for the message
     * @return the text
     * @throws CollectionException naming the document and the byte offset of the first bad sequence
     */
    static String decodeUtf8(byte[] bytes, String document) throws CollectionException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new CollectionException(new IOException(String.format(
                    "%s: not valid UTF-8: malformed byte 0x%02X at byte offset %d", document,
                    bytes[in.position()] & 0xff, in.position())));
        }
        return out.flip().toString();
    }

    /**
     * Converts {@code \r\n} and lone {@code \r} to {@code \n}, as Python's text mode does.
     *
     * @param text the decoded file
     * @return the text with {@code \n} line endings only
     */
    static String normalizeNewlines(String text) {
        return text.indexOf('\r') < 0 ? text : text.replace("\r\n", "\n").replace('\r', '\n');
    }
}
