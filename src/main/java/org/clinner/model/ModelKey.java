package org.clinner.model;

import org.clinner.model.nn.ComputeDevice;
import org.clinner.model.nn.Precision;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What identifies a loaded model, so that every user of the same model in a JVM shares one copy: a
 * single-task snapshot directory and the TorchScript export run instead of its safetensors weights,
 * if any; or a multi-task {@code .pt} state dict, the base model directory its architecture and
 * tokenizer come from, the heads chosen and the label files given for heads; and the precision and
 * device it computes in.
 *
 * @param location the snapshot directory, or the {@code .pt} file
 * @param baseModel for a {@code .pt} file, the directory of its base model's {@code config.json} and
 *     tokenizer; null for a snapshot
 * @param torchScript a {@code .pt} file name in a snapshot directory, or null for its safetensors weights
 * @param tasks the heads to run, sorted (empty: all)
 * @param id2label label files by task, for heads whose labels cannot be inferred
 * @param precision the precision of the encoder's products (an export keeps its own: then
 *     {@link Precision#FP32})
 * @param device where the model computes
 */
public record ModelKey(Path location, Path baseModel, String torchScript, List<String> tasks,
        Map<String, Path> id2label, Precision precision, ComputeDevice device) {

    /**
     * Normalizes the paths and orders the tasks and label files.
     *
     * @param location the snapshot directory or {@code .pt} file
     * @param baseModel the base model directory, or null
     * @param torchScript a TorchScript file name, or null
     * @param tasks the heads to run
     * @param id2label label files by task
     * @param precision the precision
     * @param device the device
     * @throws IllegalArgumentException for a TorchScript export in another precision than fp32
     */
    public ModelKey {
        location = location.toAbsolutePath().normalize();
        baseModel = baseModel == null ? null : baseModel.toAbsolutePath().normalize();
        tasks = tasks.stream().distinct().sorted().toList();
        Map<String, Path> files = new TreeMap<>();
        id2label.forEach((task, file) -> files.put(task, file.toAbsolutePath().normalize()));
        id2label = Collections.unmodifiableMap(files);
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(device, "device");
        if (torchScript != null && precision != Precision.FP32) {
            throw new IllegalArgumentException("a TorchScript export computes in the precision it was exported"
                    + " in; leave the precision at fp32 with " + torchScript);
        }
    }

    /**
     * Identifies a single-task snapshot, in fp32 on the CPU.
     *
     * @param directory the snapshot directory, absolute or relative to the working directory
     * @param torchScript a {@code .pt} file name in the directory, or null
     */
    public ModelKey(Path directory, String torchScript) {
        this(directory, null, torchScript, List.of(), Map.of(), Precision.FP32, ComputeDevice.CPU);
    }

    /**
     * Identifies a multi-task state dict, in fp32 on the CPU.
     *
     * @param file the {@code .pt} file
     * @param baseModel the base model directory
     * @param tasks the heads to run (empty: all)
     * @param id2label label files by task
     * @return the key
     */
    public static ModelKey checkpoint(Path file, Path baseModel, List<String> tasks, Map<String, Path> id2label) {
        return new ModelKey(file, baseModel, null, tasks, id2label, Precision.FP32, ComputeDevice.CPU);
    }

    /**
     * Returns this model in another precision and on another device.
     *
     * @param otherPrecision the precision
     * @param otherDevice the device
     * @return the key
     */
    public ModelKey on(Precision otherPrecision, ComputeDevice otherDevice) {
        return new ModelKey(location, baseModel, torchScript, tasks, id2label, otherPrecision, otherDevice);
    }

    /**
     * Returns whether this is a multi-task state dict.
     *
     * @return true when a base model is set
     */
    public boolean isCheckpoint() {
        return baseModel != null;
    }
}
