package org.clinner.uima;

import org.clinner.format.DocumentRows;
import org.clinner.io.AtomicFiles;
import org.clinner.model.tagging.InvalidSettingException;

import org.apache.uima.UimaContext;
import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.cas.impl.XmiCasSerializer;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.fit.descriptor.TypeCapability;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceInitializationException;
import org.apache.uima.util.TypeSystemUtil;
import org.xml.sax.SAXException;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes each CAS as an XMI file, as DKPro's {@code XmiWriter} does ({@code <document>.xmi} at the
 * document's relative path without {@code .txt}, and {@code TypeSystem.xml} beside them), but
 * atomically: every file is written to a temporary file and renamed into place, so a killed run
 * leaves no half-written XMI under a final name. Text that XML 1.0 cannot hold (control characters)
 * is written as XML 1.1. Without {@code overwrite}, an existing XMI or {@code TypeSystem.xml} is an
 * error (the type system's in {@code initialize}).
 */
@ResourceMetaData(name = "ClinNER atomic XMI writer",
        description = "Writes each CAS as XMI, every file atomically, with TypeSystem.xml beside them.")
@TypeCapability(inputs = "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData")
public class AtomicXmiWriter extends TargetWriter_ImplBase {

    /** The name of the type system file written beside the XMI files. */
    public static final String TYPE_SYSTEM_FILE = "TypeSystem.xml";

    private Path folder;
    private volatile boolean typeSystemWritten;

    @Override
    public void initialize(UimaContext context) throws ResourceInitializationException {
        super.initialize(context);
        folder = target();
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new ResourceInitializationException(new InvalidSettingException(PARAM_TARGET_LOCATION,
                    "names " + folder + ", which is not a folder"));
        }
        Path typeSystem = folder.resolve(TYPE_SYSTEM_FILE);
        if (!overwrite() && Files.exists(typeSystem)) {
            throw new ResourceInitializationException(new IOException(exists(typeSystem)));
        }
    }

    @Override
    protected String nameInOutputDirectory() {
        return "";
    }

    /**
     * Returns the file a document's XMI is written to, below the target folder.
     *
     * @param documentId the document's id, e.g. {@code sub/note.txt}
     * @return its relative path, e.g. {@code sub/note.xmi}
     */
    public static String fileName(String documentId) {
        return DocumentRows.filename(documentId) + ".xmi";
    }

    private static String exists(Path file) {
        return file + " exists; set " + PARAM_OVERWRITE + "=true to replace it";
    }

    @Override
    public void process(JCas jcas) throws AnalysisEngineProcessException {
        try {
            Path target = folder.resolve(fileName(DocumentNames.id(jcas)));
            if (!overwrite() && Files.exists(target)) {
                throw new IOException(exists(target));
            }
            boolean xml11 = needsXml11(jcas.getDocumentText());
            AtomicFiles.write(target, temp -> {
                try (OutputStream out = Files.newOutputStream(temp)) {
                    XmiCasSerializer.serialize(jcas.getCas(), null, out, true, null, null, xml11);
                } catch (SAXException e) {
                    // e.g. U+0000, which no XML version can hold
                    throw new IOException("cannot be written as XMI: " + e.getMessage());
                }
            });
            if (!typeSystemWritten) {
                writeTypeSystem(jcas);
            }
        } catch (IOException | IllegalStateException e) {
            throw DocumentException.of(jcas, e);
        }
    }

    private synchronized void writeTypeSystem(JCas jcas) throws IOException {
        if (typeSystemWritten) {
            return;
        }
        AtomicFiles.write(folder.resolve(TYPE_SYSTEM_FILE), temp -> {
            try (OutputStream out = Files.newOutputStream(temp)) {
                TypeSystemUtil.typeSystem2TypeSystemDescription(jcas.getTypeSystem()).toXML(out);
            } catch (SAXException e) {
                throw new IOException(e);
            }
        });
        typeSystemWritten = true;
    }

    /**
     * Returns whether a text has characters XML 1.0 forbids but XML 1.1 allows as references (C0
     * controls but tab, LF, CR).
     *
     * @param text the document text, or null
     * @return true when its XMI must be XML 1.1
     */
    public static boolean needsXml11(String text) {
        if (text == null) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                return true;
            }
        }
        return false;
    }
}
