package org.clinner.uima;

import org.apache.uima.UIMAFramework;
import org.apache.uima.collection.metadata.CpeDescription;
import org.apache.uima.util.XMLInputSource;

import java.nio.file.Path;

/**
 * Runs a Collection Processing Engine descriptor (e.g. {@code pipelines/annotate-folder.cpe.xml})
 * to completion. External override settings are read from the files named by the
 * {@code UimaExternalOverrides} system property, as UIMA does. Every component is initialized
 * before the first document is read, so a setting that cannot be used fails the run before any
 * document.
 */
public final class CpeRunner {

    private CpeRunner() {}

    /**
     * Parses a CPE descriptor.
     *
     * @param descriptor the {@code .cpe.xml} file
     * @return the description, for callers that adjust settings before running it
     * @throws Exception when the file is not a valid CPE descriptor
     */
    public static CpeDescription parse(Path descriptor) throws Exception {
        return UIMAFramework.getXMLParser().parseCpeDescription(new XMLInputSource(descriptor.toFile()));
    }

    /**
     * Runs a CPE and waits until it has processed its whole collection.
     *
     * @param description the CPE description
     * @return what the run did, failed documents included (as the descriptor's error handling lets them)
     * @throws Exception when a component cannot be initialized or the CPE was aborted
     */
    public static RunResult run(CpeDescription description) throws Exception {
        return new CpeMonitor(() -> { }).runToEnd(SharedModels.releasedOnFailure(
                () -> UIMAFramework.produceCollectionProcessingEngine(description)));
    }
}
