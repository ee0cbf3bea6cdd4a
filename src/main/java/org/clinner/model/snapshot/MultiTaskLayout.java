package org.clinner.model.snapshot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the parts of a DT4H multi-task state dict are, found as the published script
 * ({@code predict_mentions_mtl_local.py}) finds them: a {@code model.} prefix on every key is
 * dropped; the encoder is {@code encoder.*} (Hugging Face {@code XLMRobertaModel} names); a head
 * is a 2-D {@code classifiers.<task>.weight} or a legacy {@code <prefix>_classifier.weight}
 * (task {@code <prefix>_ner}), with its bias beside it. Heads are listed by task name.
 *
 * @param keyPrefix {@code model.} when every key carries it, else empty
 * @param heads the heads, sorted by task
 */
public record MultiTaskLayout(String keyPrefix, List<Head> heads) {

    private static final Pattern LEGACY_HEAD = Pattern.compile("(.+)_classifier\\.weight");
    private static final List<String> ENCODER_PREFIXES = List.of("encoder.", "roberta.", "bert.");

    /**
     * One head.
     *
     * @param task its task name, e.g. {@code disease} or {@code disease_es_ner}
     * @param weight the full name of its weight tensor
     * @param bias the full name of its bias tensor
     * @param labels its number of labels (rows of the weight)
     */
    public record Head(String task, String weight, String bias, int labels) {}

    /**
     * Finds the heads of a state dict.
     *
     * @param file the opened state dict
     * @return the layout
     * @throws ModelLoadException when the state dict has no head
     */
    public static MultiTaskLayout of(WeightFile file) throws ModelLoadException {
        String prefix = !file.tensors().isEmpty()
                && file.tensors().keySet().stream().allMatch(name -> name.startsWith("model.")) ? "model." : "";
        Map<String, Head> heads = new TreeMap<>();
        for (TensorInfo tensor : file.tensors().values()) {
            String key = tensor.name().substring(prefix.length());
            if (tensor.shape().length != 2 || ENCODER_PREFIXES.stream().anyMatch(key::startsWith)) {
                continue;
            }
            String[] parts = key.split("\\.", -1);
            Matcher legacy = LEGACY_HEAD.matcher(key);
            if (parts.length == 3 && parts[0].equals("classifiers") && parts[2].equals("weight")) {
                heads.put(parts[1], head(parts[1], prefix + "classifiers." + parts[1] + ".", tensor));
            } else if (legacy.matches()) {
                String task = legacy.group(1) + "_ner";
                heads.put(task, head(task, prefix + legacy.group(1) + "_classifier.", tensor));
            }
        }
        if (heads.isEmpty()) {
            throw new ModelLoadException(file.file(), "no classifier heads found: expected keys like"
                    + " classifiers.<task>.weight or <task>_classifier.weight");
        }
        return new MultiTaskLayout(prefix, List.copyOf(heads.values()));
    }

    private static Head head(String task, String tensorPrefix, TensorInfo weight) {
        return new Head(task, tensorPrefix + "weight", tensorPrefix + "bias", (int) weight.shape()[0]);
    }

    /**
     * Returns the prefix of the encoder's Hugging Face names.
     *
     * @return the key prefix followed by {@code encoder.}
     */
    public String encoderPrefix() {
        return keyPrefix + "encoder.";
    }

    /**
     * Returns the task names.
     *
     * @return the heads' tasks, sorted
     */
    public List<String> tasks() {
        return heads.stream().map(Head::task).toList();
    }

    /**
     * Keeps the chosen heads.
     *
     * @param tasks the tasks to keep, in any order; empty keeps every head
     * @param file the checkpoint, for messages
     * @return the layout with those heads, sorted by task
     * @throws ModelLoadException naming a task the checkpoint has no head for, and the heads it has
     */
    public MultiTaskLayout select(List<String> tasks, Path file) throws ModelLoadException {
        if (tasks.isEmpty()) {
            return this;
        }
        List<Head> chosen = new ArrayList<>();
        for (Head head : heads) {
            if (tasks.contains(head.task())) {
                chosen.add(head);
            }
        }
        for (String task : tasks) {
            if (!tasks().contains(task)) {
                throw new ModelLoadException(file, "no head for task '" + task + "'; its heads: "
                        + String.join(", ", tasks()));
            }
        }
        return new MultiTaskLayout(keyPrefix, List.copyOf(chosen));
    }
}
