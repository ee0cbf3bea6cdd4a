package org.clinner.cli;

import org.clinner.model.nn.TokenClassifier;

import java.nio.file.Path;

/**
 * Another inference engine {@code clinner bench} compares this runtime with (variant O), found with
 * {@link java.util.ServiceLoader}: ONNX Runtime is one in the test class path, so that it never
 * ships in the product ({@code tools/bench.sh} runs the bench with it).
 */
public interface BenchPeer {

    /**
     * Names the engine and its version.
     *
     * @return e.g. {@code ONNX Runtime 1.29.0}
     */
    String name();

    /**
     * Loads a snapshot's network into the engine, converting it as the engine needs.
     *
     * @param snapshot the snapshot directory
     * @param work a folder for the engine's files (deleted after the run)
     * @param threads the engine's intra-op threads
     * @return the network, counting its tokens and operations as this runtime's do
     * @throws Exception when the engine cannot load the model
     */
    TokenClassifier load(Path snapshot, Path work, int threads) throws Exception;
}
