package org.clinner.model.nn;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Starts DJL's PyTorch engine strictly offline: the native library must come from the
 * {@code pytorch-native-cpu} jar on the class path, never from a download, and DJL's telemetry is
 * switched off. Every entry point of the runtime goes through {@link #engine()}.
 */
public final class DjlRuntime {

    private static final String ENGINE = "PyTorch";

    static {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("offline", "true");
        setIfAbsent("OPT_OUT_TRACKING", "true");
    }

    private DjlRuntime() {}

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /**
     * Returns the PyTorch engine, starting it offline on first use.
     *
     * @return the engine
     */
    public static Engine engine() {
        return Engine.getEngine(ENGINE);
    }

    /**
     * Sets the number of intra-op threads libtorch uses for one forward pass (process-wide).
     *
     * @param threads threads per operation; values below 1 leave libtorch's default
     */
    public static void setIntraOpThreads(int threads) {
        engine();
        if (threads > 0) {
            JniUtils.setNumThreads(threads);
        }
    }

    /** Switches autograd off on the calling thread (libtorch's grad mode is thread-local). */
    public static void disableGradOnThisThread() {
        JniUtils.setGradMode(false);
    }
}
