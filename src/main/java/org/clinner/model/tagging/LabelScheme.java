package org.clinner.model.tagging;

import org.clinner.model.snapshot.ModelLoadException;

import java.nio.file.Path;
import java.util.List;

/**
 * The BIO labels of a token classifier ({@code B-X}, {@code I-X}, {@code O}), indexed by the ids
 * of its {@code id2label}.
 */
public final class LabelScheme {

    /** The outside label. */
    public static final String OUTSIDE = "O";

    private final List<String> labels;
    private final String[] entityTypes;
    private final boolean[] begins;
    private final int outsideId;

    private LabelScheme(List<String> labels) {
        this.labels = labels;
        this.entityTypes = new String[labels.size()];
        this.begins = new boolean[labels.size()];
        this.outsideId = labels.indexOf(OUTSIDE);
        for (int id = 0; id < labels.size(); id++) {
            String label = labels.get(id);
            if (!label.equals(OUTSIDE)) {
                entityTypes[id] = label.substring(2);
                begins[id] = label.startsWith("B-");
            }
        }
    }

    /**
     * Checks that the labels follow BIO and builds the scheme.
     *
     * @param labels label names by id
     * @param configFile the file they come from, for the error message
     * @return the scheme
     * @throws ModelLoadException when a label is neither {@code O}, {@code B-X} nor {@code I-X}
     */
    public static LabelScheme of(List<String> labels, Path configFile) throws ModelLoadException {
        boolean outside = false;
        for (String label : labels) {
            if (label.equals(OUTSIDE)) {
                outside = true;
            } else if (!(label.startsWith("B-") || label.startsWith("I-")) || label.length() < 3) {
                throw new ModelLoadException(
                        configFile, "id2label is not BIO: label '" + label + "' (expected O, B-X or I-X)");
            }
        }
        if (!outside) {
            throw new ModelLoadException(configFile, "id2label is not BIO: it has no 'O' label");
        }
        return new LabelScheme(List.copyOf(labels));
    }

    /**
     * Returns the number of labels.
     *
     * @return the classifier's output width
     */
    public int size() {
        return labels.size();
    }

    /**
     * Returns a label's name.
     *
     * @param id label id
     * @return its name, e.g. {@code B-PROCEDURE}
     */
    public String name(int id) {
        return labels.get(id);
    }

    /**
     * Returns the id of {@code O}.
     *
     * @return the outside label's id
     */
    public int outsideId() {
        return outsideId;
    }

    /**
     * Returns whether a label is {@code O}.
     *
     * @param id label id
     * @return true for the outside label
     */
    public boolean isOutside(int id) {
        return entityTypes[id] == null;
    }

    /**
     * Returns whether a label opens an entity.
     *
     * @param id label id
     * @return true for a {@code B-} label
     */
    public boolean isBegin(int id) {
        return begins[id];
    }

    /**
     * Returns the entity type of a label without its prefix.
     *
     * @param id label id
     * @return e.g. {@code PROCEDURE}, or null for {@code O}
     */
    public String entityType(int id) {
        return entityTypes[id];
    }
}
