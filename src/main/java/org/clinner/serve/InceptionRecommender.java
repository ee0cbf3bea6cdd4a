package org.clinner.serve;

import org.clinner.uima.Mode;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.uima.UIMAFramework;
import org.apache.uima.cas.CAS;
import org.apache.uima.cas.Feature;
import org.apache.uima.cas.Type;
import org.apache.uima.cas.text.AnnotationFS;
import org.apache.uima.resource.ResourceInitializationException;
import org.apache.uima.resource.metadata.TypeSystemDescription;
import org.apache.uima.util.CasCreationUtils;
import org.apache.uima.util.InvalidXMLException;
import org.apache.uima.util.XMLInputSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * INCEpTION's external recommender protocol (v1, {@code inception-imls-external}): {@code predict}
 * takes {@code {"typeSystem", "document": {"xmi", ...}, "metadata": {"layer", "feature", ...}}}, and
 * answers {@code {"document": xmi}}: the whole CAS with one annotation of the layer per mention, its
 * label on the feature, {@code inception_internal_predicted} set and the confidence on
 * {@code <feature>_score} (features INCEpTION adds to the type system it sends). Earlier predictions
 * of the layer are replaced. The CAS is built from the request's type system with the pipeline's
 * types merged in, and read by a parser that refuses any DOCTYPE. {@code train} is not supported:
 * configure the recommender as "training not supported"; a call is answered 204 all the same.
 */
final class InceptionRecommender {

    /** The boolean feature that marks an annotation as a suggestion. */
    static final String PREDICTED = "inception_internal_predicted";
    /** The suffix of the feature that holds a suggestion's score. */
    static final String SCORE_SUFFIX = "_score";

    private final AnnotationService service;

    InceptionRecommender(AnnotationService service) {
        this.service = service;
    }

    /** What a predict request says. */
    private record Prediction(String typeSystem, byte[] xmi, String layer, String feature) {}

    /**
     * Answers a predict request.
     *
     * @param request the request's JSON
     * @param mode how to tag the document
     * @param deadline when the request must be answered, as {@link System#nanoTime()}
     * @return the XMI of the annotated CAS (XML 1.0, as INCEpTION writes it)
     * @throws ApiException (400) for a request that is not INCEpTION's, (422) when the pipeline fails
     */
    String predict(JsonNode request, Mode mode, long deadline) {
        Prediction prediction = read(request);
        TypeSystemDescription theirs = typeSystem(prediction.typeSystem());
        List<Function<WorkerPipeline, String>> job = List.of(pipeline -> {
            CAS cas = cas(theirs, pipeline);
            WorkerPipeline.deserialize(prediction.xmi(), cas, null);
            WorkerPipeline.checkLength(cas, service.settings().maxTextChars());
            Target target = Target.of(cas, prediction.layer(), prediction.feature());
            target.removePredictions(cas);
            pipeline.annotate(cas, mode, found -> found.forEach(m -> target.add(cas, m)));
            return new String(WorkerPipeline.serialize(cas, null, false), StandardCharsets.UTF_8);
        });
        return service.run(job, deadline).get(0);
    }

    private static Prediction read(JsonNode request) {
        String typeSystem = text(request, "typeSystem", "typeSystem");
        String xmi = text(request.path("document"), "xmi", "document.xmi");
        String layer = text(request.path("metadata"), "layer", "metadata.layer");
        String feature = text(request.path("metadata"), "feature", "metadata.feature");
        return new Prediction(typeSystem, xmi.getBytes(StandardCharsets.UTF_8), layer, feature);
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw ApiException.badRequest("invalid_request", "an INCEpTION predict request needs " + where
                    + " as a string");
        }
        return value.asText();
    }

    /** Parses INCEpTION's type system; a DOCTYPE is refused before any parser sees it. */
    private static TypeSystemDescription typeSystem(String xml) {
        if (xml.toUpperCase(Locale.ROOT).contains("<!DOCTYPE")) {
            throw ApiException.badRequest("doctype_refused", "XML with a DOCTYPE is refused (no DTD or external"
                    + " entity is ever read)");
        }
        try {
            return UIMAFramework.getXMLParser().parseTypeSystemDescription(new XMLInputSource(
                    new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), null));
        } catch (InvalidXMLException e) {
            throw ApiException.badRequest("invalid_type_system", "typeSystem is not a UIMA type system: "
                    + e.getMessage());
        }
    }

    private static CAS cas(TypeSystemDescription theirs, WorkerPipeline pipeline) {
        try {
            TypeSystemDescription merged = CasCreationUtils.mergeTypeSystems(List.of(theirs, pipeline.typeSystem()));
            return CasCreationUtils.createCas(merged, null, null);
        } catch (ResourceInitializationException e) {
            throw ApiException.badRequest("invalid_type_system", "typeSystem does not merge with the pipeline's"
                    + " types: " + e.getMessage());
        }
    }

    /** The layer and features suggestions are written to, checked against the CAS's type system. */
    private record Target(Type layer, Feature label, Feature predicted, Feature score) {

        static Target of(CAS cas, String layerName, String featureName) {
            Type layer = cas.getTypeSystem().getType(layerName);
            if (layer == null || !cas.getTypeSystem().subsumes(cas.getAnnotationType(), layer)) {
                throw ApiException.badRequest("invalid_layer", "metadata.layer '" + layerName
                        + "' is not an annotation type of the request's type system");
            }
            Feature label = layer.getFeatureByBaseName(featureName);
            if (label == null || !cas.getTypeSystem().subsumes(cas.getTypeSystem().getType(CAS.TYPE_NAME_STRING),
                    label.getRange())) {
                throw ApiException.badRequest("invalid_feature", "metadata.feature '" + featureName + "' is not a"
                        + " string feature of " + layerName);
            }
            Feature predicted = layer.getFeatureByBaseName(PREDICTED);
            if (predicted == null) {
                throw ApiException.badRequest("invalid_type_system", layerName + " has no " + PREDICTED
                        + " feature (INCEpTION adds it to the type system of a predict request)");
            }
            return new Target(layer, label, predicted, layer.getFeatureByBaseName(featureName + SCORE_SUFFIX));
        }

        void removePredictions(CAS cas) {
            List<AnnotationFS> earlier = new ArrayList<>();
            for (AnnotationFS annotation : cas.<AnnotationFS>getAnnotationIndex(layer)) {
                if (annotation.getBooleanValue(predicted)) {
                    earlier.add(annotation);
                }
            }
            earlier.forEach(cas::removeFsFromIndexes);
        }

        void add(CAS cas, WorkerPipeline.Found mention) {
            AnnotationFS suggestion = cas.createAnnotation(layer, mention.begin(), mention.end());
            suggestion.setStringValue(label, mention.label());
            suggestion.setBooleanValue(predicted, true);
            if (score != null) {
                suggestion.setDoubleValue(score, mention.confidence());
            }
            cas.addFsToIndexes(suggestion);
        }
    }
}
