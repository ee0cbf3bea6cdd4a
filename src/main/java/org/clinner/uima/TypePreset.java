package org.clinner.uima;

import org.clinner.model.tagging.InvalidSettingException;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The types of a UIMA ecosystem that ClinNER reads and writes, chosen with one word: the tokens and
 * sentences the annotator reads in words mode (and the token subtypes that are not words), the
 * mention type of each model label and of any other label, and the label of each mention type for
 * the TSV writer. Parameters given one by one override a preset's entries.
 */
public enum TypePreset {
    /** DKPro Core's tokens and sentences in, ClinNER's mention types out (the default). */
    DKPRO("de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token",
            "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence", List.of(),
            Map.of("PROCEDURE", "org.clinner.type.Procedure", "DISEASE", "org.clinner.type.Disease",
                    "SYMPTOM", "org.clinner.type.Symptom"),
            "org.clinner.type.ClinicalEntity"),
    /**
     * Apache cTAKES' tokens (every {@code BaseToken} but {@code NewlineToken}) and sentences in, and
     * cTAKES' mention types out, as its dictionary lookup makes them.
     */
    CTAKES("org.apache.ctakes.typesystem.type.syntax.BaseToken",
            "org.apache.ctakes.typesystem.type.textspan.Sentence",
            List.of("org.apache.ctakes.typesystem.type.syntax.NewlineToken"),
            Map.of("PROCEDURE", "org.apache.ctakes.typesystem.type.textsem.ProcedureMention",
                    "DISEASE", "org.apache.ctakes.typesystem.type.textsem.DiseaseDisorderMention",
                    "SYMPTOM", "org.apache.ctakes.typesystem.type.textsem.SignSymptomMention"),
            "org.apache.ctakes.typesystem.type.textsem.IdentifiedAnnotation");

    private final String tokenType;
    private final String sentenceType;
    private final List<String> excludedTokenTypes;
    private final Map<String, String> typeByLabel;
    private final String otherLabelsType;

    TypePreset(String tokenType, String sentenceType, List<String> excludedTokenTypes,
            Map<String, String> typeByLabel, String otherLabelsType) {
        this.tokenType = tokenType;
        this.sentenceType = sentenceType;
        this.excludedTokenTypes = excludedTokenTypes;
        this.typeByLabel = typeByLabel;
        this.otherLabelsType = otherLabelsType;
    }

    /**
     * Returns the name as parameters spell it.
     *
     * @return {@code dkpro} or {@code ctakes}
     */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads a preset, in any case.
     *
     * @param value {@code dkpro} or {@code ctakes}
     * @param parameter the parameter that gave it, for the message
     * @return the preset
     * @throws InvalidSettingException for anything else
     */
    public static TypePreset parse(String value, String parameter) {
        for (TypePreset preset : values()) {
            if (preset.value().equalsIgnoreCase(value)) {
                return preset;
            }
        }
        throw new InvalidSettingException(parameter,
                "must be dkpro or ctakes, not '" + value + "'");
    }

    /**
     * Returns the token type words mode reads.
     *
     * @return the type name (its subtypes count too)
     */
    public String tokenType() {
        return tokenType;
    }

    /**
     * Returns the sentence type words mode reads.
     *
     * @return the type name
     */
    public String sentenceType() {
        return sentenceType;
    }

    /**
     * Returns the token subtypes that are not words.
     *
     * @return type names
     */
    public List<String> excludedTokenTypes() {
        return excludedTokenTypes;
    }

    /**
     * Returns the mention type of each label the DT4H models have.
     *
     * @return type name by label
     */
    public Map<String, String> typeByLabel() {
        return typeByLabel;
    }

    /**
     * Returns the mention type of any other label.
     *
     * @return the type name
     */
    public String otherLabelsType() {
        return otherLabelsType;
    }
}
