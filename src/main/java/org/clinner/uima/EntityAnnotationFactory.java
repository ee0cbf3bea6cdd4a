package org.clinner.uima;

import org.clinner.model.tagging.Mention;

import org.apache.uima.cas.CAS;
import org.apache.uima.cas.Feature;
import org.apache.uima.cas.Type;
import org.apache.uima.cas.TypeSystem;
import org.apache.uima.cas.text.AnnotationFS;

import java.util.HashMap;
import java.util.Map;

/**
 * Creates the annotation of a mention in the type its label maps to, and fills whichever of these
 * features the type has: {@code label} or {@code value} (the label, e.g. DKPro's
 * {@code NamedEntity}), {@code confidence} (double or float), and cTAKES' {@code typeID} and
 * {@code discoveryTechnique} (an explicit analysis engine).
 */
final class EntityAnnotationFactory {

    /** cTAKES {@code CONST.NE_DISCOVERY_TECH_EXPLICIT_AE}. */
    static final int CTAKES_EXPLICIT_AE = 3;
    /** cTAKES {@code CONST.NE_TYPE_ID_*} by model label; other labels get 0 (unknown). */
    private static final Map<String, Integer> CTAKES_TYPE_IDS = Map.of("PROCEDURE", 5, "DISEASE", 2, "SYMPTOM", 3);

    private final Map<String, String> typeByLabel;
    private final String fallbackType;
    private TypeSystem typeSystem;
    private final Map<String, Type> resolved = new HashMap<>();

    /**
     * Creates a factory.
     *
     * @param typeByLabel type name by model label
     * @param fallbackType type name for labels not in the map
     */
    EntityAnnotationFactory(Map<String, String> typeByLabel, String fallbackType) {
        this.typeByLabel = Map.copyOf(typeByLabel);
        this.fallbackType = fallbackType;
    }

    /**
     * Adds a mention to the CAS indexes.
     *
     * @param cas the CAS
     * @param mention the mention (UTF-16 offsets)
     * @return the annotation
     */
    AnnotationFS add(CAS cas, Mention mention) {
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
        return annotation;
    }

    private Type type(TypeSystem system, String label) {
        if (system != typeSystem) {
            typeSystem = system;
            resolved.clear();
        }
        return resolved.computeIfAbsent(label, l -> {
            String name = typeByLabel.getOrDefault(l, fallbackType);
            Type type = system.getType(name);
            if (type == null || !system.subsumes(system.getType(CAS.TYPE_NAME_ANNOTATION), type)) {
                throw new IllegalStateException("output type '" + name + "' for label " + l
                        + " is not an annotation type of the CAS: add its type system to the pipeline");
            }
            return type;
        });
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
