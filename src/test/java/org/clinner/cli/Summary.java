package org.clinner.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON summary a run writes with {@code --summary}, as tests read it.
 *
 * @param documents documents read
 * @param failed each failed document's reason, in the order they failed
 * @param mentions mentions written
 * @param json the whole summary
 */
record Summary(int documents, Map<String, String> failed, long mentions, JsonNode json) {

    /**
     * Reads a summary.
     *
     * @param file the JSON file
     * @return its content
     * @throws IOException when it cannot be read
     */
    static Summary read(Path file) throws IOException {
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        Map<String, String> failed = new LinkedHashMap<>();
        json.path("failed").forEach(f -> failed.put(f.path("document").asText(), f.path("reason").asText()));
        return new Summary(json.path("documents").asInt(), failed, json.path("mentions").asLong(), json);
    }
}
