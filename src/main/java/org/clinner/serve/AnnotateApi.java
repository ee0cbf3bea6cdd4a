package org.clinner.serve;

import org.clinner.format.DocumentRows;
import org.clinner.format.MultiClinAiRow;
import org.clinner.format.MultiClinAiTsv;
import org.clinner.text.CodePointIndex;
import org.clinner.text.PythonText;
import org.clinner.uima.Mode;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code POST /v1/annotate}: the documents of a request (JSON {@code {"text", "id"}}, a batch
 * {@code {"documents": [...]}}, or a {@code text/plain} body), checked; each tagged on a worker; the
 * answer as JSON (code point offsets unless UTF-16 is asked for) or as MultiClinAI TSV rows.
 */
final class AnnotateApi {

    /** One document of a request, and what is wrong with it (in a batch, where the others go on), if anything. */
    record Document(String id, String text, ApiException problem) {}

    /** One document's outcome: its mentions, or why it failed. */
    record Outcome(Document document, List<WorkerPipeline.Found> mentions, ApiException error) {}

    /** The offsets the answer counts in. */
    enum Offsets { CODE_POINTS, UTF16 }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AnnotationService service;

    AnnotateApi(AnnotationService service) {
        this.service = service;
    }

    /**
     * Reads the documents of a request body.
     *
     * @param body the body's bytes
     * @param contentType the body's media type (null: JSON)
     * @param plainId the id of a {@code text/plain} document
     * @param maxChars the longest text
     * @return the documents, and whether the request was a batch
     * @throws ApiException (400, 413, 415) naming what is wrong
     */
    static Request read(byte[] body, String contentType, String plainId, int maxChars) {
        if (body.length == 0) {
            throw ApiException.badRequest("empty_body", "the request has no body");
        }
        String text;
        try {
            text = PythonText.decodeUtf8(body);
        } catch (IOException e) {
            throw ApiException.badRequest("invalid_utf8", "the body is " + e.getMessage());
        }
        String type = contentType == null ? "application/json" : contentType.split(";")[0].trim().toLowerCase();
        if (type.equals("text/plain")) {
            return new Request(List.of(refused(checked(new Document(plainId == null ? "document" : plainId, text,
                    null), maxChars))), false, null);
        }
        if (!type.equals("application/json")) {
            throw new ApiException(415, "unsupported_media_type", "the body must be application/json or text/plain,"
                    + " not " + type);
        }
        return json(text, maxChars);
    }

    /** The documents of one request, whether they came as a batch, and the mode the body asks for (or null). */
    record Request(List<Document> documents, boolean batch, Mode mode) {}

    private static Request json(String body, int maxChars) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("invalid_json", "the body is not valid JSON: "
                    + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw ApiException.badRequest("invalid_request", "the body must be a JSON object with text or"
                    + " documents");
        }
        Mode mode = root.hasNonNull("mode") ? mode(root.get("mode").asText(), "mode") : null;
        if (root.has("documents")) {
            JsonNode documents = root.get("documents");
            if (!documents.isArray() || documents.isEmpty()) {
                throw ApiException.badRequest("invalid_request", "documents must be a non-empty array");
            }
            List<Document> list = new ArrayList<>();
            for (int i = 0; i < documents.size(); i++) {
                list.add(checked(document(documents.get(i), "documents[" + i + "]", "document-" + (i + 1)),
                        maxChars));
            }
            return new Request(list, true, mode);
        }
        return new Request(List.of(refused(checked(document(root, "the body", "document"), maxChars))), false, mode);
    }

    private static Document document(JsonNode node, String where, String defaultId) {
        if (!node.isObject()) {
            throw ApiException.badRequest("invalid_request", where + " must be an object with text");
        }
        JsonNode text = node.get("text");
        if (text == null || text.isNull()) {
            throw ApiException.badRequest("missing_text", where + " has no text");
        }
        if (!text.isTextual()) {
            throw ApiException.badRequest("invalid_request", where + ": text must be a string, not "
                    + text.getNodeType().toString().toLowerCase());
        }
        JsonNode id = node.get("id");
        if (id != null && !id.isNull() && !id.isTextual()) {
            throw ApiException.badRequest("invalid_request", where + ": id must be a string");
        }
        return new Document(id == null || id.isNull() ? defaultId : id.asText(), text.asText(), null);
    }

    /** The document, with a problem when its text is over the limit. */
    private static Document checked(Document document, int maxChars) {
        if (document.text().length() <= maxChars) {
            return document;
        }
        return new Document(document.id(), "", new ApiException(413, "text_too_long", document.id() + ": its text of "
                + document.text().length() + " characters is over the limit of " + maxChars));
    }

    /** A lone document's problem refuses the request. */
    private static Document refused(Document document) {
        if (document.problem() != null) {
            throw document.problem();
        }
        return document;
    }

    /**
     * Tags the documents, each on a worker; a document that fails does not fail the others.
     *
     * @param request the documents
     * @param mode how to tag them
     * @param deadline when the request must be answered, as {@link System#nanoTime()}
     * @return each document's outcome, in order
     */
    List<Outcome> annotate(Request request, Mode mode, long deadline) {
        String language = service.settings().pipeline().language();
        List<Function<WorkerPipeline, Outcome>> jobs = new ArrayList<>();
        for (Document document : request.documents()) {
            if (document.problem() != null) {
                jobs.add(pipeline -> new Outcome(document, List.of(), document.problem()));
                continue;
            }
            jobs.add(pipeline -> {
                try {
                    return new Outcome(document, pipeline.annotate(document.id(), document.text(), language, mode),
                            null);
                } catch (ApiException e) {
                    return new Outcome(document, List.of(), e);
                }
            });
        }
        return service.run(jobs, deadline);
    }

    /**
     * Renders outcomes as JSON: one document as an object, a batch as {@code {"documents": [...]}}.
     *
     * @param outcomes the outcomes
     * @param batch whether the request was a batch
     * @param offsets the offsets to count in
     * @return the body
     */
    static ObjectNode json(List<Outcome> outcomes, boolean batch, Offsets offsets) {
        String unit = offsets == Offsets.UTF16 ? "utf16" : "code_points";
        if (!batch) {
            return document(outcomes.get(0), offsets).put("offsets", unit);
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("offsets", unit);
        ArrayNode documents = body.putArray("documents");
        outcomes.forEach(o -> documents.add(document(o, offsets)));
        return body;
    }

    private static ObjectNode document(Outcome outcome, Offsets offsets) {
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("id", outcome.document().id());
        if (outcome.error() != null) {
            return node.put("error", outcome.error().code()).put("message", outcome.error().getMessage());
        }
        String text = outcome.document().text();
        CodePointIndex index = new CodePointIndex(text);
        ArrayNode mentions = node.putArray("mentions");
        for (WorkerPipeline.Found found : outcome.mentions()) {
            boolean utf16 = offsets == Offsets.UTF16;
            mentions.addObject().put("label", found.label())
                    .put("start", utf16 ? found.begin() : index.toCodePoint(found.begin()))
                    .put("end", utf16 ? found.end() : index.toCodePoint(found.end()))
                    .put("text", text.substring(found.begin(), found.end())).put("confidence", found.confidence());
        }
        return node;
    }

    /**
     * Renders the mentions of documents that succeeded as MultiClinAI TSV (the id as {@code filename},
     * code point offsets), in the documents' order.
     *
     * @param outcomes the outcomes
     * @return the TSV body
     */
    static String tsv(List<Outcome> outcomes) {
        List<MultiClinAiRow> rows = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            DocumentRows document = new DocumentRows(outcome.document().id(), outcome.document().text());
            outcome.mentions().forEach(m -> rows.add(document.row(m.begin(), m.end(), m.label())));
        }
        StringWriter out = new StringWriter();
        try {
            MultiClinAiTsv.write(out, rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * Parses the {@code offsets} query parameter.
     *
     * @param value {@code code_points} (the default) or {@code utf16}
     * @return the offsets
     * @throws ApiException (400) for any other value
     */
    static Offsets offsets(String value) {
        if (value == null || value.equals("code_points")) {
            return Offsets.CODE_POINTS;
        }
        if (value.equals("utf16")) {
            return Offsets.UTF16;
        }
        throw ApiException.badRequest("invalid_parameter", "offsets must be code_points or utf16, not '" + value
                + "'");
    }

    /**
     * Reads the input mode a request asks for.
     *
     * @param value {@code raw} or {@code words}
     * @param where the parameter or field, for the message
     * @return the mode
     * @throws ApiException (400) for anything else
     */
    static Mode mode(String value, String where) {
        for (Mode mode : Mode.values()) {
            if (mode.value().equals(value)) {
                return mode;
            }
        }
        throw ApiException.badRequest("invalid_parameter", where + " must be raw or words, not '" + value + "'");
    }
}
