package org.clinner.uima;

import org.apache.uima.UimaContext;
import org.apache.uima.cas.CAS;
import org.apache.uima.cas.Feature;
import org.apache.uima.cas.Type;
import org.apache.uima.cas.text.AnnotationFS;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
import org.apache.uima.fit.util.CasUtil;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceInitializationException;

import java.util.ArrayList;
import java.util.List;

/**
 * The base of the writers of mentions (TSV, HTML): which annotations are mentions and how they are
 * labelled, checked in {@code initialize}, and the mentions of a CAS with their labels and, where the
 * type has a {@code confidence} feature, their confidence.
 */
public abstract class MentionWriter_ImplBase extends TargetWriter_ImplBase {

    /**
     * The mentions to write, in one word, as the annotator's {@code types} names them: {@code dkpro}
     * (the default: {@code ClinicalEntity} and its subtypes, labelled by their {@code label}) or
     * {@code ctakes} (cTAKES' {@code ProcedureMention}, {@code DiseaseDisorderMention} and
     * {@code SignSymptomMention}, labelled PROCEDURE, DISEASE and SYMPTOM by their type).
     * {@link #PARAM_ENTITY_TYPE} or {@link #PARAM_LABEL_FEATURE} replace the preset.
     */
    public static final String PARAM_TYPES = "types";
    @ConfigurationParameter(name = PARAM_TYPES, defaultValue = "dkpro")
    private String types;

    /**
     * The annotation type to write, with its subtypes (unset: {@code ClinicalEntity}); it must be a
     * type the class path declares (a misspelt name stops the pipeline in {@code initialize}).
     */
    public static final String PARAM_ENTITY_TYPE = "entityType";
    @ConfigurationParameter(name = PARAM_ENTITY_TYPE, mandatory = false)
    private String entityType;

    /** The string feature that holds the label (unset: {@code label}; {@code value} for DKPro's NamedEntity). */
    public static final String PARAM_LABEL_FEATURE = "labelFeature";
    @ConfigurationParameter(name = PARAM_LABEL_FEATURE, mandatory = false)
    private String labelFeature;

    /** The feature read as a mention's confidence when its type has it (a double or a float). */
    private static final String CONFIDENCE = "confidence";

    private List<Source> sources;

    /**
     * One mention of a CAS.
     *
     * @param begin UTF-16 start
     * @param end UTF-16 end (exclusive)
     * @param label its label
     * @param confidence its confidence, or {@code NaN} when its type has none
     */
    protected record Mention(int begin, int end, String label, double confidence) {}

    /**
     * Mentions of one type and how they are labelled.
     *
     * @param typeName the annotation type (with subtypes)
     * @param labelFeature the string feature holding the label, or null
     * @param label the label of every mention of the type, when there is no feature
     * @param parameter the parameter the type comes from, for messages
     */
    private record Source(String typeName, String labelFeature, String label, String parameter) {}

    @Override
    public void initialize(UimaContext context) throws ResourceInitializationException {
        super.initialize(context);
        try {
            sources = sources(TypePreset.parse(types, PARAM_TYPES));
            for (Source source : sources) {
                Type known = TypeNames.knownAnnotationType(source.typeName(), source.parameter());
                if (known != null && source.labelFeature() != null) {
                    TypeNames.stringFeature(known, source.labelFeature(), PARAM_LABEL_FEATURE);
                }
            }
        } catch (IllegalArgumentException e) {
            throw new ResourceInitializationException(e);
        }
    }

    /** What to write: the entity type with its label feature, or the preset's types with their labels. */
    private List<Source> sources(TypePreset preset) {
        if (preset == TypePreset.DKPRO || entityType != null || labelFeature != null) {
            return List.of(new Source(entityType != null ? entityType : preset.otherLabelsType(),
                    labelFeature != null ? labelFeature : "label", null, PARAM_ENTITY_TYPE));
        }
        List<Source> byType = new ArrayList<>();
        preset.typeByLabel().forEach((label, type) -> byType.add(
                new Source(type, null, label, PARAM_ENTITY_TYPE + " (" + PARAM_TYPES + "=" + types + ")")));
        return byType;
    }

    /**
     * Returns the mentions of a CAS, type by type in index order.
     *
     * @param jcas the CAS
     * @return its mentions
     * @throws IllegalArgumentException when a type or feature is not in the CAS's type system
     */
    protected List<Mention> mentions(JCas jcas) {
        List<Mention> found = new ArrayList<>();
        for (Source source : sources) {
            Type type = TypeNames.annotationType(jcas.getTypeSystem(), source.typeName(), source.parameter());
            Feature label = source.labelFeature() == null ? null
                    : TypeNames.stringFeature(type, source.labelFeature(), PARAM_LABEL_FEATURE);
            Feature confidence = type.getFeatureByBaseName(CONFIDENCE);
            for (AnnotationFS mention : CasUtil.select(jcas.getCas(), type)) {
                String name = label == null ? source.label() : mention.getStringValue(label);
                found.add(new Mention(mention.getBegin(), mention.getEnd(), name, confidence(mention, confidence)));
            }
        }
        return found;
    }

    private static double confidence(AnnotationFS mention, Feature feature) {
        if (feature == null) {
            return Double.NaN;
        }
        return switch (feature.getRange().getName()) {
            case CAS.TYPE_NAME_DOUBLE -> mention.getDoubleValue(feature);
            case CAS.TYPE_NAME_FLOAT -> mention.getFloatValue(feature);
            default -> Double.NaN;
        };
    }
}
