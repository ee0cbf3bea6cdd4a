package org.clinner.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON summary a run writes with {@code --summary}, as tests read it.
 *
 * @param documents documents read
 * @param failed each failed document as {@code NAME: reason}, in the order they failed (a document
 *     listed twice is there twice)
 * @param mentions mentions written
 * @param json the whole summary
 */
record Summary(int documents, List<String> failed, long mentions, JsonNode json) {

    /**
     * Reads a summary.
     *
     * @param file the JSON file
     * @return its content
     * @throws IOException when it cannot be read
     */
    static Summary read(Path file) throws IOException {
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        List<String> failed = new ArrayList<>();
        json.path("failed").forEach(f -> failed.add(f.path("document").asText() + ": " + f.path("reason").asText()));
        return new Summary(json.path("documents").asInt(), failed, json.path("mentions").asLong(), json);
    }
}
