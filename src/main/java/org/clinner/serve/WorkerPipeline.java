package org.clinner.serve;

import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngine;
import static org.apache.uima.fit.factory.AnalysisEngineFactory.createEngineDescription;

import org.clinner.type.ClinicalEntity;
import org.clinner.uima.AtomicXmiWriter;
import org.clinner.uima.DocumentFailure;
import org.clinner.uima.Mode;

import de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData;

import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.analysis_engine.AnalysisEngineDescription;
import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.cas.CAS;
import org.apache.uima.cas.impl.XmiCasDeserializer;
import org.apache.uima.cas.impl.XmiCasSerializer;
import org.apache.uima.cas.impl.XmiSerializationSharedData;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceInitializationException;
import org.apache.uima.util.CasCreationUtils;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;

/**
 * One worker thread's UIMA pipeline: the segmenter and the NER annotators for plain text, the NER
 * annotators alone for a CAS that brings its own tokens, each in both input modes, and the CAS they
 * run on. Not thread-safe:
 * each worker has its own; the annotators share the loaded models.
 */
final class WorkerPipeline implements AutoCloseable {

    /** One mention as the annotators left it in the CAS: UTF-16 offsets into the text. */
    record Found(int begin, int end, String label, double confidence) {}

    private final Map<Mode, AnalysisEngine> text = new EnumMap<>(Mode.class);
    private final Map<Mode, AnalysisEngine> tokens = new EnumMap<>(Mode.class);
    private final JCas jcas;

    /**
     * Creates the engines: for each mode, the segmenter with the annotators (for texts) and the
     * annotators alone (for a CAS that brings its tokens).
     *
     * @param segmenter the segmenter of words mode
     * @param annotators one NER annotator per model, for each mode; all share the loaded models
     * @throws ResourceInitializationException when an engine cannot be made
     */
    WorkerPipeline(AnalysisEngineDescription segmenter, Map<Mode, List<AnalysisEngineDescription>> annotators)
            throws ResourceInitializationException {
        for (Map.Entry<Mode, List<AnalysisEngineDescription>> mode : annotators.entrySet()) {
            List<AnalysisEngineDescription> all = new ArrayList<>();
            all.add(segmenter);
            all.addAll(mode.getValue());
            text.put(mode.getKey(), createEngine(createEngineDescription(
                    all.toArray(new AnalysisEngineDescription[0]))));
            tokens.put(mode.getKey(), createEngine(createEngineDescription(
                    mode.getValue().toArray(new AnalysisEngineDescription[0]))));
        }
        this.jcas = text.values().iterator().next().newJCas();
    }

    /**
     * Tags one text.
     *
     * @param id the document's name, for errors
     * @param document the text
     * @param language its language
     * @param mode how to tag it
     * @return the mentions, sorted by begin, end and label
     * @throws ApiException (422) when a component fails on the document
     */
    List<Found> annotate(String id, String document, String language, Mode mode) {
        jcas.reset();
        jcas.setDocumentText(document);
        jcas.setDocumentLanguage(language);
        DocumentMetaData metaData = DocumentMetaData.create(jcas);
        metaData.setDocumentId(id);
        metaData.setDocumentTitle(id);
        process(text.get(mode), jcas.getCas(), id);
        return found(jcas);
    }

    /**
     * Runs the NER annotators on a CAS given as XMI (with its own tokens and sentences), and returns it
     * as XMI with the mentions added. Types this pipeline does not know are kept as they came.
     *
     * @param xmi the XMI document
     * @param maxChars the longest text
     * @param mode how to tag it
     * @return the XMI of the annotated CAS (XML 1.1 where the text needs it)
     * @throws ApiException (400) for XMI that does not parse or declares a DOCTYPE, (413) for a text over
     *     the limit, (422) when an annotator fails on the document
     */
    byte[] annotateXmi(byte[] xmi, int maxChars, Mode mode) {
        jcas.reset();
        XmiSerializationSharedData shared = new XmiSerializationSharedData();
        deserialize(xmi, jcas.getCas(), shared);
        checkLength(jcas.getCas(), maxChars);
        process(tokens.get(mode), jcas.getCas(), "the posted CAS");
        return serialize(jcas.getCas(), shared, AtomicXmiWriter.needsXml11(jcas.getDocumentText()));
    }

    /**
     * Runs the NER annotators on a CAS of another type system (which must include the pipeline's
     * token and sentence types), then lets the caller turn the mentions into its own annotations.
     *
     * @param cas the CAS, created with this pipeline's types merged into its own
     * @param mode how to tag it
     * @param convert takes the mentions (removed from the CAS before) and adds the caller's annotations
     * @throws ApiException (422) when an annotator fails on the document
     */
    void annotate(CAS cas, Mode mode, Consumer<List<Found>> convert) {
        process(tokens.get(mode), cas, "the posted CAS");
        JCas other;
        try {
            other = cas.getJCas();
        } catch (org.apache.uima.cas.CASException e) {
            throw new IllegalStateException(e);
        }
        List<Found> found = found(other);
        new ArrayList<>(JCasUtil.select(other, ClinicalEntity.class)).forEach(ClinicalEntity::removeFromIndexes);
        convert.accept(found);
    }

    /**
     * Returns the types the pipeline needs in a CAS.
     *
     * @return the type system description of the annotators
     * @throws ResourceInitializationException when it cannot be made
     */
    org.apache.uima.resource.metadata.TypeSystemDescription typeSystem() throws ResourceInitializationException {
        return CasCreationUtils.mergeTypeSystems(List.of(text.values().iterator().next().getAnalysisEngineMetaData()
                .getTypeSystem()));
    }

    /**
     * Refuses a CAS whose text is over a limit.
     *
     * @param cas the CAS
     * @param maxChars the longest text
     * @throws ApiException (413) naming the length and the limit
     */
    static void checkLength(CAS cas, int maxChars) {
        String text = cas.getDocumentText();
        if (text != null && text.length() > maxChars) {
            throw new ApiException(413, "text_too_long", "the document's text of " + text.length()
                    + " characters is over the limit of " + maxChars);
        }
    }

    private static void process(AnalysisEngine engine, CAS cas, String document) {
        try {
            engine.process(cas);
        } catch (AnalysisEngineProcessException e) {
            DocumentFailure failure = DocumentFailure.of(e, document);
            String name = DocumentFailure.UNNAMED.equals(failure.document()) ? document : failure.document();
            throw new ApiException(422, "document_failed", name + ": " + failure.reason());
        }
    }

    private static List<Found> found(JCas jcas) {
        List<Found> found = new ArrayList<>();
        for (ClinicalEntity entity : JCasUtil.select(jcas, ClinicalEntity.class)) {
            found.add(new Found(entity.getBegin(), entity.getEnd(), entity.getLabel(), entity.getConfidence()));
        }
        found.sort((a, b) -> a.begin() != b.begin() ? Integer.compare(a.begin(), b.begin())
                : a.end() != b.end() ? Integer.compare(a.end(), b.end()) : a.label().compareTo(b.label()));
        return found;
    }

    /**
     * Reads XMI into a CAS with a parser that refuses any DOCTYPE, so that no external entity or
     * entity expansion is ever read; types the CAS does not have are kept aside in {@code shared}.
     *
     * @param xmi the XMI bytes
     * @param cas an empty CAS
     * @param shared where out-of-type-system data goes, or null to drop it
     * @throws ApiException (400) naming the problem
     */
    static void deserialize(byte[] xmi, CAS cas, XmiSerializationSharedData shared) {
        try {
            XMLReader reader = secureParsers().newSAXParser().getXMLReader();
            reader.setContentHandler(new XmiCasDeserializer(cas.getTypeSystem()).getXmiCasHandler(cas, true,
                    shared));
            reader.parse(new InputSource(new ByteArrayInputStream(xmi)));
        } catch (SAXException e) {
            String message = String.valueOf(e.getMessage());
            throw ApiException.badRequest(message.contains("DOCTYPE") ? "doctype_refused" : "invalid_xmi",
                    message.contains("DOCTYPE") ? "XML with a DOCTYPE is refused (no DTD or external entity is"
                            + " ever read)" : "the XMI does not parse: " + message);
        } catch (IOException | ParserConfigurationException | RuntimeException e) {
            throw ApiException.badRequest("invalid_xmi", "the XMI does not parse: " + e.getMessage());
        }
    }

    /**
     * Returns SAX parsers that refuse DOCTYPE declarations and never read external entities.
     *
     * @return the factory
     * @throws ParserConfigurationException when the platform's parser lacks the features
     * @throws SAXException likewise
     */
    static SAXParserFactory secureParsers() throws ParserConfigurationException, SAXException {
        SAXParserFactory factory = SAXParserFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setXIncludeAware(false);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return factory;
    }

    /**
     * Writes a CAS as XMI.
     *
     * @param cas the CAS
     * @param shared the out-of-type-system data read with it, or null
     * @param xml11 whether to write XML 1.1 (for control characters in the text)
     * @return the XMI bytes, UTF-8
     */
    static byte[] serialize(CAS cas, XmiSerializationSharedData shared, boolean xml11) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            XmiCasSerializer.serialize(cas, null, out, false, shared, null, xml11);
        } catch (SAXException e) {
            throw new IllegalStateException("the CAS cannot be written as XMI: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        text.values().forEach(AnalysisEngine::destroy);
        tokens.values().forEach(AnalysisEngine::destroy);
    }
}
