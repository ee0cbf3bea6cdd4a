package org.clinner.model.nn;

import org.clinner.model.snapshot.ModelLoadException;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** Where the parameters of a model come from: a safetensors file, another model, or random values. */
public interface TensorSource {

    /**
     * Provides one parameter.
     *
     * @param name its Hugging Face name
     * @param shape the shape the architecture needs
     * @param manager the manager that will own it
     * @return the tensor, F32
     * @throws ModelLoadException when the source cannot provide it
     */
    NDArray tensor(String name, Shape shape, NDManager manager) throws ModelLoadException;
}
