package org.clinner.uima;

import org.clinner.format.DocumentRows;
import org.clinner.format.ExternalRowSorter;
import org.clinner.format.MultiClinAiRow;
import org.clinner.format.MultiClinAiTsv;

import org.apache.uima.UimaContext;
import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
import org.apache.uima.fit.descriptor.OperationalProperties;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceInitializationException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Writes the mentions of a whole collection as one MultiClinAI TSV file
 * ({@code filename label start_span end_span text}): file name from DKPro's document id without
 * {@code .txt}, offsets in Unicode code points, rows sorted by file, start, end and label, fields
 * quoted as pandas writes them. The file is written atomically when the collection is complete;
 * until then the rows are kept in memory up to {@link #PARAM_MAX_ROWS_IN_MEMORY}, in sorted runs
 * beside the target after that (hidden files, deleted at the end), so a collection of any size takes
 * bounded memory. One instance per pipeline (multiple deployment is not allowed), so CPE threads
 * share it.
 */
@ResourceMetaData(name = "MultiClinAI TSV writer",
        description = "Writes clinical entity mentions of a collection as one MultiClinAI TSV file.")
@OperationalProperties(multipleDeploymentAllowed = false)
public class MultiClinAiTsvWriter extends MentionWriter_ImplBase {

    /** Rows kept in memory before a sorted run is written beside the target. */
    public static final String PARAM_MAX_ROWS_IN_MEMORY = "maxRowsInMemory";
    @ConfigurationParameter(name = PARAM_MAX_ROWS_IN_MEMORY, defaultValue = "200000")
    private int maxRowsInMemory;

    /** The file this writer writes in cTAKES' {@code OutputDirectory}. */
    public static final String FILE_IN_OUTPUT_DIRECTORY = "mentions.tsv";

    private ExternalRowSorter rows;
    private Path file;

    @Override
    public void initialize(UimaContext context) throws ResourceInitializationException {
        super.initialize(context);
        file = target();
        if (Files.exists(file) && !overwrite()) {
            throw new ResourceInitializationException(new IOException(
                    file + " exists; set " + PARAM_OVERWRITE + "=true to replace it"));
        }
        try {
            rows = new ExternalRowSorter(maxRowsInMemory, file.toAbsolutePath().getParent());
        } catch (IllegalArgumentException e) {
            throw new ResourceInitializationException(e);
        }
    }

    @Override
    protected String nameInOutputDirectory() {
        return FILE_IN_OUTPUT_DIRECTORY;
    }

    @Override
    public void process(JCas jcas) throws AnalysisEngineProcessException {
        try {
            DocumentRows document = new DocumentRows(DocumentNames.id(jcas), jcas.getDocumentText());
            List<MultiClinAiRow> found = new ArrayList<>();
            for (Mention mention : mentions(jcas)) {
                found.add(document.row(mention.begin(), mention.end(), mention.label()));
            }
            add(found);
        } catch (RuntimeException | IOException e) {
            throw DocumentException.of(jcas, e);
        }
    }

    private void add(List<MultiClinAiRow> found) throws IOException {
        synchronized (rows) {
            for (MultiClinAiRow row : found) {
                rows.add(row);
            }
        }
    }

    @Override
    public void collectionProcessComplete() throws AnalysisEngineProcessException {
        synchronized (rows) {
            try (ExternalRowSorter sorted = rows) {
                Iterator<MultiClinAiRow> ordered = sorted.sorted();
                MultiClinAiTsv.write(file, () -> ordered);
            } catch (IOException | UncheckedIOException e) {
                throw new AnalysisEngineProcessException(e);
            }
        }
    }

    @Override
    public void destroy() {
        if (rows != null) {
            try {
                rows.close();
            } catch (IOException e) {
                getLogger().warn("cannot delete the row runs of " + file + ": " + e.getMessage());
            }
        }
        super.destroy();
    }
}
