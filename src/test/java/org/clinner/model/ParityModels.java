package org.clinner.model;

import org.clinner.model.snapshot.ModelLoadException;

import java.util.HashMap;
import java.util.Map;

/** The fixture's snapshots, loaded once per test JVM (loading is what other tests check). */
public final class ParityModels {

    /** How a fixture snapshot is run. */
    public enum Engine {
        /** The XLM-R TorchScript program in fp32, what {@link NerModel#load(ModelKey)} runs. */
        PROGRAM,
        /** The NDArray reference forward pass ({@link NerModel#loadReference}). */
        REFERENCE
    }

    private static final Map<String, NerModel> MODELS = new HashMap<>();

    private ParityModels() {}

    /**
     * Returns a fixture snapshot as the program runs it.
     *
     * @param name {@code model-f32}, {@code model-bf16} or {@code model-f16}
     * @return the loaded model, shared by the tests of this JVM
     */
    public static NerModel get(String name) {
        return get(name, Engine.PROGRAM);
    }

    /**
     * Returns a fixture snapshot run by an engine.
     *
     * @param name {@code model-f32}, {@code model-bf16} or {@code model-f16}
     * @param engine the engine
     * @return the loaded model, shared by the tests of this JVM
     */
    public static synchronized NerModel get(String name, Engine engine) {
        return MODELS.computeIfAbsent(name + "/" + engine, n -> {
            ModelKey key = new ModelKey(TestSnapshots.PARITY.resolve(name), null);
            try {
                return engine == Engine.PROGRAM ? NerModel.load(key) : NerModel.loadReference(key);
            } catch (ModelLoadException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
