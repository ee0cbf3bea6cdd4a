package org.clinner.uima;

import org.clinner.model.tagging.InvalidSettingException;

import org.apache.uima.fit.component.JCasConsumer_ImplBase;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
import org.apache.uima.resource.ResourceInitializationException;
import org.dkpro.core.api.parameter.ComponentParameters;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The base of this project's writers: where to write (DKPro's {@code targetLocation}, or in a cTAKES
 * pipeline cTAKES' {@code OutputDirectory}, which {@code PiperFileRunner -o} sets), and DKPro's
 * overwrite convention (without {@link #PARAM_OVERWRITE}, an existing target is an error).
 */
public abstract class TargetWriter_ImplBase extends JCasConsumer_ImplBase {

    /** Where to write: the TSV file of {@code MultiClinAiTsvWriter}, the XMI folder of {@code AtomicXmiWriter}. */
    public static final String PARAM_TARGET_LOCATION = ComponentParameters.PARAM_TARGET_LOCATION;
    @ConfigurationParameter(name = PARAM_TARGET_LOCATION, mandatory = false)
    private String targetLocation;

    /**
     * cTAKES' output folder, used when {@link #PARAM_TARGET_LOCATION} is unset: the writer writes
     * into it under the name {@link #nameInOutputDirectory()} gives.
     */
    public static final String PARAM_OUTPUT_DIRECTORY = "OutputDirectory";
    @ConfigurationParameter(name = PARAM_OUTPUT_DIRECTORY, mandatory = false)
    private String outputDirectory;

    /** Replace existing files (DKPro's convention: without it, an existing target is an error). */
    public static final String PARAM_OVERWRITE = "overwrite";
    @ConfigurationParameter(name = PARAM_OVERWRITE, defaultValue = "false")
    private boolean overwrite;

    /**
     * Returns the target location.
     *
     * @return the file or folder to write
     * @throws ResourceInitializationException when neither location is set
     */
    protected Path target() throws ResourceInitializationException {
        if (targetLocation != null) {
            return Paths.get(targetLocation);
        }
        if (outputDirectory != null) {
            return Paths.get(outputDirectory).resolve(nameInOutputDirectory());
        }
        throw new ResourceInitializationException(new InvalidSettingException(PARAM_TARGET_LOCATION,
                "must be set (or, in a cTAKES pipeline, " + PARAM_OUTPUT_DIRECTORY + ")"));
    }

    /**
     * Returns what the writer writes in cTAKES' output folder.
     *
     * @return a file name, or an empty path for the folder itself
     */
    protected abstract String nameInOutputDirectory();

    /**
     * Returns whether existing files may be replaced.
     *
     * @return the value of {@link #PARAM_OVERWRITE}
     */
    protected boolean overwrite() {
        return overwrite;
    }
}
