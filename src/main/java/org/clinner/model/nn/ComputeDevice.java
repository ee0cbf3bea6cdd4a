package org.clinner.model.nn;

import ai.djl.Device;
import ai.djl.engine.Engine;

import java.io.Serializable;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a model computes: the CPU, or one CUDA GPU, named as PyTorch names them ({@code cpu},
 * {@code cuda}, {@code cuda:N}).
 *
 * @param name the canonical name: {@code cpu} or {@code cuda:N}
 */
public record ComputeDevice(String name) implements Serializable {

    /** The CPU. */
    public static final ComputeDevice CPU = new ComputeDevice("cpu");

    private static final Pattern CUDA = Pattern.compile("cuda(?::(\\d{1,3}))?");

    /**
     * Checks the name.
     *
     * @param name {@code cpu} or {@code cuda:N}
     */
    public ComputeDevice {
        if (!name.equals("cpu") && !name.matches("cuda:\\d{1,3}")) {
            throw new IllegalArgumentException("unknown device '" + name + "' (cpu, cuda or cuda:N)");
        }
    }

    /**
     * Parses a device name as PyTorch writes it.
     *
     * @param name {@code cpu}, {@code cuda} (GPU 0) or {@code cuda:N}, in any case
     * @return the device
     * @throws IllegalArgumentException for any other name
     */
    public static ComputeDevice parse(String name) {
        String lower = name.trim().toLowerCase(Locale.ROOT);
        if (lower.equals("cpu")) {
            return CPU;
        }
        Matcher cuda = CUDA.matcher(lower);
        if (!cuda.matches()) {
            throw new IllegalArgumentException("unknown device '" + name + "' (cpu, cuda or cuda:N)");
        }
        return new ComputeDevice("cuda:" + (cuda.group(1) == null ? 0 : Integer.parseInt(cuda.group(1))));
    }

    /**
     * Returns whether this is the CPU.
     *
     * @return true for {@code cpu}
     */
    public boolean isCpu() {
        return this.equals(CPU);
    }

    /**
     * Checks that the loaded libtorch can compute here.
     *
     * @return this device
     * @throws IllegalArgumentException for a GPU when libtorch has no CUDA or fewer GPUs, saying how to
     *     point DJL at a CUDA build
     */
    public ComputeDevice checkAvailable() {
        if (isCpu()) {
            return this;
        }
        Engine engine = DjlRuntime.engine();
        int gpus = engine.getGpuCount();
        if (index() >= gpus) {
            throw new IllegalArgumentException("is " + name + ", but the loaded libtorch " + engine.getVersion()
                    + (gpus == 0 ? " has no CUDA support (the CPU build of pytorch-native-cpu)" : " sees " + gpus
                    + " GPU(s)") + "; the README's GPU section says how to run a CUDA libtorch (PYTORCH_FLAVOR,"
                    + " PYTORCH_VERSION, PYTORCH_LIBRARY_PATH)");
        }
        return this;
    }

    private int index() {
        return isCpu() ? -1 : Integer.parseInt(name.substring("cuda:".length()));
    }

    /**
     * Returns DJL's device, checking that the loaded libtorch can compute there.
     *
     * @return the device
     * @throws IllegalArgumentException for a GPU that libtorch cannot use ({@link #checkAvailable})
     */
    Device djl() {
        checkAvailable();
        return isCpu() ? Device.cpu() : Device.gpu(index());
    }
}
