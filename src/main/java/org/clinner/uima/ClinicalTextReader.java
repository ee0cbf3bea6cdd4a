package org.clinner.uima;

import org.clinner.io.DocumentFolder;
import org.clinner.text.PythonText;

import de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData;

import org.apache.uima.collection.CollectionException;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.fit.descriptor.TypeCapability;
import org.apache.uima.jcas.JCas;
import org.dkpro.core.api.io.JCasResourceCollectionReader_ImplBase;
import org.springframework.core.io.FileSystemResource;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads UTF-8 text files as the published DT4H script does ({@code open(path, encoding="utf-8")}):
 * line endings are normalized like Python's universal newlines ({@code \r\n} and a lone
 * {@code \r} become {@code \n}) so that offsets match the script's, and a byte order mark is kept
 * as the character U+FEFF, as Python keeps it. Files, patterns, sorting and document metadata
 * follow DKPro's resource readers; a local folder is walked by {@link DocumentFolder}, so symbolic
 * links are followed without looping and a file or folder that cannot be read becomes a failed
 * document with its reason (Spring's walk, which DKPro uses, would stop at it and drop the rest).
 */
@ResourceMetaData(name = "ClinNER text reader",
        description = "Reads UTF-8 text files with Python's universal-newline normalization.")
@TypeCapability(outputs = "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData")
public class ClinicalTextReader extends JCasResourceCollectionReader_ImplBase {

    /** Normalize line endings like Python's universal newlines (default true). */
    public static final String PARAM_UNIVERSAL_NEWLINES = "universalNewlines";
    @ConfigurationParameter(name = PARAM_UNIVERSAL_NEWLINES, defaultValue = "true")
    private boolean universalNewlines;

    /** Entries of the walked folder that cannot be read, by location. */
    private final Map<String, IOException> unreadable = new HashMap<>();

    @Override
    protected Collection<Resource> scan(String base, Collection<String> includes, Collection<String> excludes)
            throws IOException {
        if (isSingleLocation() || base == null || !base.startsWith("file:")) {
            return super.scan(base, includes, excludes);
        }
        String folder = getBase(base);
        Path root = Paths.get(URI.create(folder));
        DocumentFolder.Listing listing = DocumentFolder.scan(root,
                includes == null || includes.isEmpty() ? List.of("**/*") : includes,
                excludes == null ? List.of() : excludes);
        for (String loop : listing.skippedLoops()) {
            getLogger().warn(loop + ": a symbolic link to an enclosing folder, not followed");
        }
        List<Resource> resources = new ArrayList<>();
        for (DocumentFolder.Entry entry : listing.entries()) {
            URI uri = entry.file().toUri();
            String path = root.toUri().relativize(uri).toString();
            Resource resource = new Resource(folder + path, folder, uri, root.toUri().toString(), path,
                    new FileSystemResource(entry.file()));
            if (entry.problem() != null) {
                unreadable.put(resource.getLocation(), entry.problem());
            }
            resources.add(resource);
        }
        return resources;
    }

    @Override
    public void getNext(JCas jcas) throws IOException, CollectionException {
        Resource resource = nextFile();
        initCas(jcas, resource);
        // DKPro's id is the URI-encoded relative path ("sub/nested%20doc.txt"); MultiClinAI names are plain paths
        String document = URLDecoder.decode(resource.getPath().replace("+", "%2B"), StandardCharsets.UTF_8);
        DocumentMetaData.get(jcas).setDocumentId(document);
        try {
            String text = PythonText.decodeUtf8(read(resource));
            jcas.setDocumentText(universalNewlines ? PythonText.universalNewlines(text) : text);
        } catch (IOException e) {
            throw new CollectionException(new DocumentException(document, e));
        }
    }

    /** The bytes of a file, or why they cannot be read ({@code cannot read: permission denied}). */
    private byte[] read(Resource resource) throws IOException {
        try {
            IOException problem = unreadable.get(resource.getLocation());
            if (problem != null) {
                throw problem;
            }
            try (InputStream in = resource.getInputStream()) {
                return in.readAllBytes();
            }
        } catch (IOException e) {
            // no cause: the failure report takes the innermost message, which for AccessDeniedException is only the
            // path
            throw new IOException("cannot read: " + DocumentFolder.reason(e));
        }
    }
}
