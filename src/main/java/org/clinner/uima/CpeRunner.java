package org.clinner.uima;

import org.apache.uima.UIMAFramework;
import org.apache.uima.collection.metadata.CpeDescription;
import org.apache.uima.util.XMLInputSource;

import java.nio.file.Path;

/**
 * Runs a Collection Processing Engine descriptor (e.g. {@code pipelines/annotate-folder.cpe.xml})
 * to completion and reports its errors. External override settings are read from the files named
 * by the {@code UimaExternalOverrides} system property, as UIMA does.
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
     * @return the number of documents processed
     * @throws Exception naming the first document that failed, or when the CPE was aborted
     */
    public static int run(CpeDescription description) throws Exception {
        CpeMonitor monitor = new CpeMonitor(cas -> { }, () -> { });
        monitor.runToEnd(UIMAFramework.produceCollectionProcessingEngine(description));
        if (!monitor.failures().isEmpty()) {
            CpeMonitor.Failure first = monitor.failures().get(0);
            throw new IllegalStateException("document '" + first.document() + "': " + first.reason());
        }
        return monitor.documents();
    }
}
