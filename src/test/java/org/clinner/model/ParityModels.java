package org.clinner.model;

import org.clinner.model.snapshot.ModelLoadException;

import java.util.HashMap;
import java.util.Map;

/** The fixture's snapshots, loaded once per test JVM (loading is what other tests check). */
public final class ParityModels {

    private static final Map<String, NerModel> MODELS = new HashMap<>();

    private ParityModels() {}

    /**
     * Returns a fixture snapshot.
     *
     * @param name {@code model-f32}, {@code model-bf16} or {@code model-f16}
     * @return the loaded model, shared by the tests of this JVM
     */
    public static synchronized NerModel get(String name) {
        return MODELS.computeIfAbsent(name, n -> {
            try {
                return NerModel.load(TestSnapshots.PARITY.resolve(n));
            } catch (ModelLoadException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
