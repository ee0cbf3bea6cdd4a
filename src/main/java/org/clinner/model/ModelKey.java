package org.clinner.model;

import java.nio.file.Path;

/**
 * What identifies a loaded model, so that every user of the same model in a JVM shares one copy:
 * the snapshot directory (absolute and normalized) and the TorchScript export run instead of its
 * safetensors weights, if any.
 *
 * @param directory the snapshot directory
 * @param torchScript a {@code .pt} file name in the directory, or null for the safetensors weights
 */
public record ModelKey(Path directory, String torchScript) {

    /**
     * Normalizes the directory.
     *
     * @param directory the snapshot directory, absolute or relative to the working directory
     * @param torchScript a {@code .pt} file name in the directory, or null
     */
    public ModelKey {
        directory = directory.toAbsolutePath().normalize();
    }
}
