package org.clinner.uima;

import org.clinner.format.DocumentRows;
import org.clinner.report.AnnotationPages;
import org.clinner.text.CodePointOrder;

import org.apache.uima.UimaContext;
import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.fit.descriptor.OperationalProperties;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceInitializationException;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes each document as a self-contained HTML page (its text with the mentions highlighted, label,
 * confidence and offsets on hover, and a table of the mentions) as {@code documents/<name>.html} in
 * the target folder ({@code name} the document's TSV {@code filename}), and at the end
 * {@code index.html} beside {@code documents/}, listing them with their mentions by label (no
 * document name can take the index's place). Pages are written atomically. One
 * instance per pipeline (the index collects every document).
 */
@ResourceMetaData(name = "HTML writer",
        description = "Writes one self-contained HTML page per document with its mentions highlighted, and an index.")
@OperationalProperties(multipleDeploymentAllowed = false)
public class HtmlWriter extends MentionWriter_ImplBase {

    /** The index page of the target folder. */
    public static final String INDEX = "index.html";
    /** The folder of the documents' pages, in the target folder. */
    public static final String DOCUMENTS = "documents";

    private Path folder;
    private final List<AnnotationPages.Listed> listed = new ArrayList<>();

    @Override
    public void initialize(UimaContext context) throws ResourceInitializationException {
        super.initialize(context);
        folder = target().toAbsolutePath().normalize();
        if (Files.exists(folder.resolve(INDEX)) && !overwrite()) {
            throw new ResourceInitializationException(new IOException(folder.resolve(INDEX) + " exists; set "
                    + PARAM_OVERWRITE + "=true to replace the pages"));
        }
    }

    @Override
    protected String nameInOutputDirectory() {
        return "html";
    }

    @Override
    public void process(JCas jcas) throws AnalysisEngineProcessException {
        try {
            String name = DocumentRows.filename(DocumentNames.id(jcas));
            Path file = page(name);
            List<AnnotationPages.Shown> shown = new ArrayList<>();
            Map<String, Integer> byLabel = new TreeMap<>();
            for (Mention m : mentions(jcas)) {
                shown.add(new AnnotationPages.Shown(m.begin(), m.end(), m.label(), m.confidence()));
                byLabel.merge(m.label(), 1, Integer::sum);
            }
            String text = jcas.getDocumentText();
            AnnotationPages.document(name, text, shown, "../".repeat(depth(name) + 1) + INDEX).write(file);
            add(new AnnotationPages.Listed(name, href(DOCUMENTS + "/" + name + ".html"),
                    text.codePointCount(0, text.length()), byLabel));
        } catch (RuntimeException | IOException e) {
            throw DocumentException.of(jcas, e);
        }
    }

    /** The page of a document, inside the documents' folder whatever its name says. */
    private Path page(String name) {
        Path pages = folder.resolve(DOCUMENTS);
        Path file = pages.resolve(name + ".html").normalize();
        if (!file.startsWith(pages)) {
            throw new IllegalArgumentException("the document name '" + name + "' leads out of " + folder);
        }
        return file;
    }

    private static int depth(String name) {
        return (int) name.chars().filter(c -> c == '/').count();
    }

    /** A relative link to a page, percent-encoded, and never read as a scheme ({@code a:b.html}). */
    private static String href(String relativePath) {
        try {
            return new URI(null, null, "./" + relativePath, null).toASCIIString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("no link can be made to '" + relativePath + "'", e);
        }
    }

    private synchronized void add(AnnotationPages.Listed document) {
        listed.add(document);
    }

    @Override
    public synchronized void collectionProcessComplete() throws AnalysisEngineProcessException {
        listed.sort((a, b) -> CodePointOrder.ORDER.compare(a.name(), b.name()));
        try {
            AnnotationPages.index("ClinNER: " + listed.size() + " documents", listed).write(folder.resolve(INDEX));
        } catch (IOException e) {
            throw new AnalysisEngineProcessException(e);
        }
    }
}
