package org.clinner.model;

import org.clinner.model.snapshot.ModelConfig;
import org.clinner.model.snapshot.ModelLoadException;
import org.clinner.model.snapshot.MultiTaskLayout;
import org.clinner.model.snapshot.Safetensors;
import org.clinner.model.snapshot.SnapshotFiles;
import org.clinner.model.snapshot.TaskLabels;
import org.clinner.model.snapshot.TensorInfo;
import org.clinner.model.snapshot.TorchStateDict;
import org.clinner.model.snapshot.WeightFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a model's files hold, read from their headers without loading a weight (the published MTL
 * script's {@code --list_tasks}, and more): the kind of model, its files and their sizes, the
 * architecture, the element types of its tensors, and each head with its labels, or why its labels
 * cannot be inferred.
 *
 * @param kind {@code snapshot} or {@code state dict}
 * @param files each file the model reads, with its size in bytes
 * @param config the architecture (of the base model, for a state dict)
 * @param dtypes tensor counts by element type
 * @param parameters elements of all floating-point tensors
 * @param keyPrefix a state dict's key prefix ({@code model.} or empty); empty for a snapshot
 * @param heads the heads, in the order they run
 */
public record ModelInventory(String kind, Map<Path, Long> files, ModelConfig config, Map<String, Integer> dtypes,
        long parameters, String keyPrefix, List<Head> heads) {

    /**
     * One head.
     *
     * @param task its task name
     * @param labels its number of labels
     * @param names its label names, or empty when they cannot be inferred
     * @param problem why they cannot be inferred (what to give), or null
     */
    public record Head(String task, int labels, List<String> names, String problem) {}

    /**
     * Reads what a model's files hold.
     *
     * @param key the model (its tasks and label files are applied as loading would)
     * @return the inventory
     * @throws ModelLoadException when a file is missing or malformed
     */
    public static ModelInventory of(ModelKey key) throws ModelLoadException {
        Path directory = key.isCheckpoint() ? key.baseModel() : key.location();
        ModelConfig config = ModelConfig.read(directory.resolve(SnapshotFiles.CONFIG));
        Map<Path, Long> files = new LinkedHashMap<>();
        Path weights = key.isCheckpoint() ? key.location() : directory.resolve(SnapshotFiles.WEIGHTS);
        for (Path file : List.of(weights, directory.resolve(SnapshotFiles.CONFIG),
                directory.resolve(SnapshotFiles.TOKENIZER), directory.resolve(SnapshotFiles.TOKENIZER_CONFIG))) {
            size(file, files);
        }
        try (WeightFile tensors = key.isCheckpoint() ? TorchStateDict.open(weights) : Safetensors.open(weights)) {
            Map<String, Integer> dtypes = new TreeMap<>();
            long parameters = 0;
            for (TensorInfo tensor : tensors.tensors().values()) {
                dtypes.merge(tensor.dtype(), 1, Integer::sum);
                parameters += tensor.type() == null ? 0 : tensor.elements();
            }
            if (!key.isCheckpoint()) {
                Head head = new Head("classifier", config.labels().size(), config.labels(), null);
                return new ModelInventory("snapshot", files, config, dtypes, parameters, "", List.of(head));
            }
            MultiTaskLayout layout = MultiTaskLayout.of(tensors).select(key.tasks(), key.location());
            return new ModelInventory("state dict", files, config, dtypes, parameters, layout.keyPrefix(),
                    heads(layout, key));
        }
    }

    private static List<Head> heads(MultiTaskLayout layout, ModelKey key) {
        List<Head> heads = new ArrayList<>();
        for (MultiTaskLayout.Head head : layout.heads()) {
            try {
                heads.add(new Head(head.task(), head.labels(), TaskLabels.of(head.task(), head.labels(),
                        key.id2label().get(head.task()), key.location()), null));
            } catch (ModelLoadException e) {
                heads.add(new Head(head.task(), head.labels(), List.of(), e.problem()));
            }
        }
        return heads;
    }

    private static void size(Path file, Map<Path, Long> files) {
        try {
            if (Files.isRegularFile(file)) {
                files.put(file, Files.size(file));
            }
        } catch (IOException e) {
            files.put(file, -1L);
        }
    }
}
