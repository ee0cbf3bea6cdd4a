package org.clinner.model.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The labels of a multi-task head, as the published script derives them: from an explicit
 * {@code id2label} JSON file when one is given; otherwise a 3-way head has {@code {0: B-X, 1: I-X,
 * 2: O}} with X the entity its task name says ({@code disease}, {@code disease_es_ner}, legacy
 * {@code disease_es}), upper-cased, which must be one of DT4H's entity types.
 */
public final class TaskLabels {

    /** The entity types of the DT4H models. */
    public static final List<String> ENTITY_TYPES = List.of("disease", "symptom", "procedure");

    private static final Pattern LANGUAGE_TASK = Pattern.compile("([a-z]+)_[a-z]{2}(_ner)?");
    private static final ObjectMapper JSON = new ObjectMapper();

    private TaskLabels() {}

    /**
     * Derives the labels of one head.
     *
     * @param task the head's task name
     * @param labels its number of labels
     * @param id2label a JSON file of its labels ({@code {"0": "B-X", …}}), or null to infer them
     * @param checkpoint the checkpoint, for messages
     * @return the label names by id
     * @throws ModelLoadException when the file is unreadable or does not fit the head, or the labels
     *     cannot be inferred
     */
    public static List<String> of(String task, int labels, Path id2label, Path checkpoint) throws ModelLoadException {
        if (id2label != null) {
            return fromFile(task, labels, id2label);
        }
        if (labels != 3) {
            throw new ModelLoadException(checkpoint, "head '" + task + "' has " + labels + " labels: give them"
                    + " as an id2label JSON file for that task ({\"0\": \"B-X\", …, \"" + (labels - 1) + "\": …})");
        }
        String entity = entity(task, checkpoint);
        if (!ENTITY_TYPES.contains(entity)) {
            throw new ModelLoadException(checkpoint, "head '" + task + "' is for entity '" + entity + "', not one of "
                    + ENTITY_TYPES + ": give its labels as an id2label JSON file");
        }
        String upper = entity.toUpperCase(Locale.ROOT);
        return List.of("B-" + upper, "I-" + upper, "O");
    }

    private static List<String> fromFile(String task, int labels, Path file) throws ModelLoadException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new ModelLoadException(file, "the id2label of head '" + task + "' cannot be read: " + e.getMessage(),
                    e);
        }
        List<String> names = ModelConfig.labels(root == null ? JSON.missingNode() : root, file);
        if (names.size() != labels) {
            throw new ModelLoadException(file, "has " + names.size() + " labels, but head '" + task + "' has "
                    + labels);
        }
        return names;
    }

    /** The entity a task name says, by the published script's rules. */
    private static String entity(String task, Path checkpoint) throws ModelLoadException {
        if (ENTITY_TYPES.contains(task)) {
            return task;
        }
        Matcher language = LANGUAGE_TASK.matcher(task);
        if (language.matches()) {
            return language.group(1);
        }
        String body = task.endsWith("_ner") ? task.substring(0, task.length() - "_ner".length()) : "";
        if (body.contains("_")) {
            return body.substring(0, body.lastIndexOf('_'));
        }
        throw new ModelLoadException(checkpoint, "cannot tell the entity of head '" + task + "' (expected one of "
                + ENTITY_TYPES + " or <entity>_<language>_ner): give its labels as an id2label JSON file");
    }
}
