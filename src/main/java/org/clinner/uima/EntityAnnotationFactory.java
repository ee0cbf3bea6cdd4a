package org.clinner.uima;

import org.clinner.model.tagging.InvalidSettingException;
import org.clinner.model.tagging.Mention;

import org.apache.uima.cas.CAS;
import org.apache.uima.cas.Feature;
import org.apache.uima.cas.Type;
import org.apache.uima.cas.TypeSystem;
import org.apache.uima.cas.text.AnnotationFS;
import org.apache.uima.resource.ResourceInitializationException;

import java.util.HashMap;
import java.util.Map;

/**
 * Creates the annotation of a mention in the type its label maps to, and fills whichever of these
 * features the type has: {@code label} or {@code value} (the label, e.g. DKPro's
 * {@code NamedEntity}), {@code confidence} (double or float), and cTAKES' {@code typeID} and
 * {@code discoveryTechnique} (an explicit analysis engine). The type names come from the
 * annotator's {@code outputType} and {@code labelTypeMappings} parameters and are checked when the
 * factory is made.
 */
final class EntityAnnotationFactory {

    /** cTAKES {@code CONST.NE_DISCOVERY_TECH_EXPLICIT_AE}. */
    static final int CTAKES_EXPLICIT_AE = 3;
    /** cTAKES {@code CONST.NE_TYPE_ID_*} by model label; other labels get 0 (unknown). */
    private static final Map<String, Integer> CTAKES_TYPE_IDS = Map.of("PROCEDURE", 5, "DISEASE", 2, "SYMPTOM", 3);

    /** A type name and the parameter that gave it. */
    private record Target(String typeName, String parameter) {}

    private final Map<String, Target> byLabel = new HashMap<>();
    private final Target fallback;
    private TypeSystem typeSystem;
    private final Map<String, Type> resolved = new HashMap<>();

    /**
     * Reads and checks the annotator's type parameters.
     *
     * @param preset the types of unset parameters
     * @param outputType the type of every label, or null for the preset's types
     * @param labelTypeMappings {@code LABEL=type.Name} entries, or null
     * @throws InvalidSettingException for an entry that is not {@code LABEL=type.Name} or a name that
     *     is not an annotation type the class path declares ({@link TypeNames#knownAnnotationType})
     * @throws ResourceInitializationException when the known type systems cannot be merged
     */
    EntityAnnotationFactory(TypePreset preset, String outputType, String[] labelTypeMappings)
            throws ResourceInitializationException {
        // unset, outputType means the preset's types; a message about them says so
        String unset = ClinicalNerAnnotator.PARAM_OUTPUT_TYPE + " (unset: the types of "
                + ClinicalNerAnnotator.PARAM_TYPES + "=" + preset.value() + ")";
        if (outputType == null) {
            preset.typeByLabel().forEach((label, type) -> byLabel.put(label, new Target(type, unset)));
        }
        fallback = outputType == null ? new Target(preset.otherLabelsType(), unset)
                : new Target(outputType, ClinicalNerAnnotator.PARAM_OUTPUT_TYPE);
        for (String entry : labelTypeMappings == null ? new String[0] : labelTypeMappings) {
            int equals = entry.indexOf('=');
            if (equals <= 0 || equals == entry.length() - 1) {
                throw new InvalidSettingException(ClinicalNerAnnotator.PARAM_LABEL_TYPE_MAPPINGS,
                        "entry '" + entry + "' is not LABEL=type.Name");
            }
            byLabel.put(entry.substring(0, equals).trim(),
                    new Target(entry.substring(equals + 1).trim(), ClinicalNerAnnotator.PARAM_LABEL_TYPE_MAPPINGS));
        }
        TypeNames.knownAnnotationType(fallback.typeName(), fallback.parameter());
        for (Target target : byLabel.values()) {
            TypeNames.knownAnnotationType(target.typeName(), target.parameter());
        }
    }

    /**
     * Adds a mention to the CAS indexes.
     *
     * @param cas the CAS
     * @param mention the mention (UTF-16 offsets)
     */
    void add(CAS cas, Mention mention) {
        Type type = type(cas.getTypeSystem(), mention.label());
        AnnotationFS annotation = cas.createAnnotation(type, mention.begin(), mention.end());
        setString(annotation, "label", mention.label());
        setString(annotation, "value", mention.label());
        Feature confidence = type.getFeatureByBaseName("confidence");
        if (confidence != null) {
            if (CAS.TYPE_NAME_DOUBLE.equals(confidence.getRange().getName())) {
                annotation.setDoubleValue(confidence, mention.confidence());
            } else if (CAS.TYPE_NAME_FLOAT.equals(confidence.getRange().getName())) {
                annotation.setFloatValue(confidence, (float) mention.confidence());
            }
        }
        setInt(annotation, "typeID", CTAKES_TYPE_IDS.getOrDefault(mention.label(), 0));
        setInt(annotation, "discoveryTechnique", CTAKES_EXPLICIT_AE);
        cas.addFsToIndexes(annotation);
    }

    private Type type(TypeSystem system, String label) {
        if (system != typeSystem) {
            typeSystem = system;
            resolved.clear();
        }
        return resolved.computeIfAbsent(label, l -> type(system, byLabel.getOrDefault(l, fallback)));
    }

    private static Type type(TypeSystem system, Target target) {
        return TypeNames.annotationType(system, target.typeName(), target.parameter());
    }

    private static void setString(AnnotationFS annotation, String name, String value) {
        Feature feature = annotation.getType().getFeatureByBaseName(name);
        if (feature != null && CAS.TYPE_NAME_STRING.equals(feature.getRange().getName())) {
            annotation.setStringValue(feature, value);
        }
    }

    private static void setInt(AnnotationFS annotation, String name, int value) {
        Feature feature = annotation.getType().getFeatureByBaseName(name);
        if (feature != null && CAS.TYPE_NAME_INTEGER.equals(feature.getRange().getName())) {
            annotation.setIntValue(feature, value);
        }
    }
}
