package org.clinner.uima;

import org.apache.uima.fit.component.JCasConsumer_ImplBase;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
import org.dkpro.core.api.parameter.ComponentParameters;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The base of this project's writers: where to write, and DKPro's overwrite convention (without
 * {@link #PARAM_OVERWRITE}, an existing target is an error).
 */
public abstract class TargetWriter_ImplBase extends JCasConsumer_ImplBase {

    /** Where to write: the TSV file of {@code MultiClinAiTsvWriter}, the XMI folder of {@code AtomicXmiWriter}. */
    public static final String PARAM_TARGET_LOCATION = ComponentParameters.PARAM_TARGET_LOCATION;
    @ConfigurationParameter(name = PARAM_TARGET_LOCATION, mandatory = true)
    private String targetLocation;

    /** Replace existing files (DKPro's convention: without it, an existing target is an error). */
    public static final String PARAM_OVERWRITE = "overwrite";
    @ConfigurationParameter(name = PARAM_OVERWRITE, defaultValue = "false")
    private boolean overwrite;

    /**
     * Returns the target location.
     *
     * @return the file or folder to write
     */
    protected Path target() {
        return Paths.get(targetLocation);
    }

    /**
     * Returns whether existing files may be replaced.
     *
     * @return the value of {@link #PARAM_OVERWRITE}
     */
    protected boolean overwrite() {
        return overwrite;
    }
}
