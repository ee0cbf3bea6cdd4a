package org.clinner.uima;

import org.clinner.model.tagging.InvalidSettingException;

import java.util.Locale;

/** How the annotator turns a document into model inputs. */
public enum Mode {
    /** The tokens of each sentence as pre-split words, as the DT4H models were trained. */
    WORDS,
    /** The published inference script's algorithm on the whole text; needs no tokens. */
    RAW;

    /**
     * Returns the name as parameters and options spell it.
     *
     * @return {@code words} or {@code raw}
     */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads a mode, in any case.
     *
     * @param value {@code words} or {@code raw}
     * @return the mode
     * @throws InvalidSettingException naming {@link ClinicalNerAnnotator#PARAM_MODE} for anything else
     */
    public static Mode parse(String value) {
        for (Mode mode : values()) {
            if (mode.value().equalsIgnoreCase(value)) {
                return mode;
            }
        }
        throw new InvalidSettingException(ClinicalNerAnnotator.PARAM_MODE, "must be words or raw, not '" + value + "'");
    }
}
