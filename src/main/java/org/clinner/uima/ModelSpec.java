package org.clinner.uima;

import org.clinner.model.ModelKey;
import org.clinner.model.nn.ComputeDevice;
import org.clinner.model.nn.Precision;
import org.clinner.model.hub.BuiltinModel;
import org.clinner.model.hub.HuggingFaceHub;
import org.clinner.model.hub.ModelLocator;
import org.clinner.model.snapshot.ModelLoadException;
import org.clinner.model.tagging.InvalidSettingException;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One model a pipeline runs, as a front end or the annotator's parameters name it: where it is (a
 * single-task snapshot, or a DT4H multi-task {@code .pt} state dict and the base model whose
 * architecture and tokenizer it runs on), the hub revisions to take, and what to take of it (a
 * TorchScript export of a snapshot; the heads of a state dict and label files for heads whose labels
 * cannot be inferred). Validated when made; {@link #resolve} finds the files.
 *
 * @param location {@code builtin}, a snapshot directory, a {@code .pt} file, {@code ORG/NAME} or
 *     {@code ORG/NAME/FILE.pt} (null or blank: {@code builtin})
 * @param revision the hub revision of the location (branch, tag or commit), or null for {@code main}
 * @param torchScript a TorchScript export in a snapshot to run instead of its weights, or null
 * @param baseModel the base model of a state dict, a directory or {@code ORG/NAME} (null:
 *     {@value #DEFAULT_BASE_MODEL})
 * @param baseRevision the hub revision of the base model, or null for {@code main}
 * @param tasks the heads of a state dict to run (empty: all)
 * @param id2label label files by task ({@code {"0": "B-X", …}} JSON), for heads that need one
 */
public record ModelSpec(String location, String revision, String torchScript, String baseModel,
        String baseRevision, List<String> tasks, Map<String, String> id2label) implements Serializable {

    /** The base model of the DT4H multi-task checkpoints. */
    public static final String DEFAULT_BASE_MODEL = "FacebookAI/xlm-roberta-base";

    /** The built-in demo model. */
    public static final ModelSpec BUILTIN = of(BuiltinModel.NAME);

    /**
     * Validates the spec.
     *
     * @throws InvalidSettingException naming the parameter whose value cannot be used
     */
    public ModelSpec {
        location = blankToNull(location) == null ? BuiltinModel.NAME : location;
        revision = blankToNull(revision);
        torchScript = blankToNull(torchScript);
        baseModel = blankToNull(baseModel);
        baseRevision = blankToNull(baseRevision);
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
        for (String task : tasks) {
            if (task == null || task.isBlank()) {
                throw new InvalidSettingException(ClinicalNerAnnotator.PARAM_TASKS, "has an empty task name");
            }
        }
        id2label = id2label == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(id2label));
    }

    /**
     * Names a model by its location alone.
     *
     * @param location the location
     * @return the spec
     */
    public static ModelSpec of(String location) {
        return new ModelSpec(location, null, null, null, null, List.of(), Map.of());
    }

    /**
     * Parses label file entries of the form {@code TASK=FILE}.
     *
     * @param entries the entries, or null
     * @return the files by task
     * @throws InvalidSettingException naming {@code id2label} for an entry that is not {@code TASK=FILE}
     */
    public static Map<String, String> labelFiles(String[] entries) {
        Map<String, String> files = new LinkedHashMap<>();
        for (String entry : entries == null ? new String[0] : entries) {
            int equals = entry.indexOf('=');
            if (equals <= 0 || equals == entry.length() - 1) {
                throw new InvalidSettingException(ClinicalNerAnnotator.PARAM_ID2LABEL, "entry '" + entry
                        + "' is not TASK=FILE");
            }
            files.put(entry.substring(0, equals).trim(), entry.substring(equals + 1).trim());
        }
        return files;
    }

    /**
     * Finds the model's files: the snapshot, or the state dict and its base model, from the hub cache
     * or a download as the locator allows.
     *
     * @param locator the hub cache and its offline switch
     * @param listener told about downloads
     * @return the key of the model to load, in fp32 on the CPU ({@link NerSettings#place} says where it runs)
     * @throws ModelLoadException when a location names nothing usable or cannot be fetched
     * @throws InvalidSettingException for options that do not fit the kind of model found
     */
    public ModelKey resolve(ModelLocator locator, HuggingFaceHub.DownloadListener listener)
            throws ModelLoadException {
        Path found = locator.resolve(location, revision, listener);
        Map<String, Path> labels = new TreeMap<>();
        id2label.forEach((task, file) -> labels.put(task, Paths.get(file)));
        if (Files.isDirectory(found)) {
            if (baseModel != null) {
                throw new InvalidSettingException(ClinicalNerAnnotator.PARAM_BASE_MODEL, "is for .pt state dicts;"
                        + " the snapshot " + found + " has its own config.json and tokenizer");
            }
            return new ModelKey(found, null, torchScript, tasks, labels, Precision.FP32, ComputeDevice.CPU);
        }
        if (torchScript != null) {
            throw new InvalidSettingException(ClinicalNerAnnotator.PARAM_TORCHSCRIPT, "is for single-task snapshots;"
                    + " the state dict " + found + " runs in the XLM-R program (choose a precision instead)");
        }
        Path base = locator.resolveBase(baseModel == null ? DEFAULT_BASE_MODEL : baseModel, baseRevision, listener);
        return ModelKey.checkpoint(found, base, tasks, labels);
    }

    /**
     * Names a resolved model by its local files, so that a component given these parameters loads
     * exactly that model without looking anything up.
     *
     * @param key the resolved model
     * @return the spec of local paths
     */
    public static ModelSpec local(ModelKey key) {
        Map<String, String> labels = new TreeMap<>();
        key.id2label().forEach((task, file) -> labels.put(task, file.toString()));
        return new ModelSpec(key.location().toString(), null, key.torchScript(),
                key.baseModel() == null ? null : key.baseModel().toString(), null, key.tasks(), labels);
    }

    /**
     * Returns the annotator's parameters of this model.
     *
     * @return {@code PARAM_*} name and value pairs
     */
    Object[] parameters() {
        List<String> labels = new ArrayList<>();
        id2label.forEach((task, file) -> labels.add(task + "=" + file));
        return new Object[] {
            ClinicalNerAnnotator.PARAM_MODEL_LOCATION, location,
            ClinicalNerAnnotator.PARAM_REVISION, revision,
            ClinicalNerAnnotator.PARAM_TORCHSCRIPT, torchScript,
            ClinicalNerAnnotator.PARAM_BASE_MODEL, baseModel,
            ClinicalNerAnnotator.PARAM_BASE_REVISION, baseRevision,
            ClinicalNerAnnotator.PARAM_TASKS, tasks.isEmpty() ? null : tasks.toArray(new String[0]),
            ClinicalNerAnnotator.PARAM_ID2LABEL, labels.isEmpty() ? null : labels.toArray(new String[0])};
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
