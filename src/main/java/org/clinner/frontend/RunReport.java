package org.clinner.frontend;

import org.clinner.io.AtomicFiles;
import org.clinner.uima.DocumentFailure;
import org.clinner.uima.RunResult;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * What a front end reports about a run: each failed document on stderr ({@code failed: NAME:
 * reason}), and for programs a JSON summary ({@code --summary FILE}) with the documents, the
 * failures, the mentions and whatever the front end adds (timings, model loads).
 */
public final class RunReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunResult result;
    private final ObjectNode summary = JSON.createObjectNode();

    /**
     * Starts the report of a run.
     *
     * @param result what the run did
     */
    public RunReport(RunResult result) {
        this.result = result;
        summary.put("documents", result.documents());
        ArrayNode failed = summary.putArray("failed");
        for (DocumentFailure failure : result.failures()) {
            failed.addObject().put("document", failure.document()).put("reason", failure.reason());
        }
        summary.put("mentions", result.mentions());
    }

    /**
     * Returns the summary, for the front end's own figures.
     *
     * @return the JSON object written by {@link #write}
     */
    public ObjectNode summary() {
        return summary;
    }

    /**
     * Lists the failed documents.
     *
     * @param err where to print, one line per document
     */
    public void printFailures(PrintStream err) {
        for (DocumentFailure failure : result.failures()) {
            err.println("failed: " + failure.document() + ": " + failure.reason());
        }
    }

    /**
     * Writes the summary atomically, when a file is given.
     *
     * @param file the JSON file, or null
     * @throws IOException when it cannot be written
     */
    public void write(Path file) throws IOException {
        if (file != null) {
            AtomicFiles.write(file, temp -> JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), summary));
        }
    }

    /**
     * Returns the exit code of the run.
     *
     * @return {@link ExitCode#OK}, or {@link ExitCode#SOME_FAILED} when a document failed
     */
    public int exitCode() {
        return result.failures().isEmpty() ? ExitCode.OK : ExitCode.SOME_FAILED;
    }
}
