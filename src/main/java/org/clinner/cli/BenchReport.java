package org.clinner.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Map;

/** The markdown tables of a benchmark report. */
final class BenchReport {

    private BenchReport() {}

    /**
     * Renders a report.
     *
     * @param report the JSON report of {@link BenchCommand}
     * @return a markdown section: the machine and rooflines, one table row per variant, and the span agreements
     */
    static String markdown(JsonNode report) {
        JsonNode machine = report.path("machine");
        StringBuilder out = new StringBuilder();
        out.append(String.format("Machine: %s (%s), %d cores, Java %s, %s. Corpus: %d documents (%s). Model: %s,"
                        + " %.2f GB. GEMM roofline (one encoder layer's products, 512 rows): %s.%n%n",
                machine.path("cpu").asText(), machine.path("vector_extensions").asText(),
                machine.path("cores").asInt(), machine.path("java").asText(), machine.path("engine").asText(),
                report.path("documents").asInt(), report.path("corpus").asText(), report.path("model").asText(),
                report.path("weights_bytes").asLong() / 1e9, rooflines(report.path("roofline_gflops"))));
        out.append("| variant | what | precision | docs/s | tokens/s | GFLOP/s | % of its roofline | load | peak RSS"
                + " | speed-up |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (JsonNode variant : report.path("variants")) {
            out.append(String.format("| %s | %s | %s | %.2f | %.0f | %.1f | %.0f%% | %.2f s | %.2f GB | %s |%n",
                    variant.path("variant").asText(), variant.path("description").asText(),
                    variant.path("precision").asText(), variant.path("docs_per_second").asDouble(),
                    variant.path("tokens_per_second").asDouble(), variant.path("gflops").asDouble(),
                    variant.path("percent_of_roofline").asDouble(), variant.path("load_seconds").asDouble(),
                    variant.path("peak_rss_bytes").asLong() / 1e9, variant.has("speedup")
                            ? String.format("%.2f× %s", variant.path("speedup").asDouble(),
                            variant.path("baseline").asText()) : "–"));
        }
        for (JsonNode variant : report.path("variants")) {
            for (Iterator<Map.Entry<String, JsonNode>> it = variant.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getKey().startsWith("spans_vs_")) {
                    JsonNode spans = field.getValue();
                    out.append(String.format("%nSpans of %s against %s: %d of its %d (%.2f %%; %.2f %% of the union),"
                                    + " the same spans in %d of %d documents.%n", variant.path("variant").asText(),
                            field.getKey().substring("spans_vs_".length()), spans.path("shared").asInt(),
                            spans.path("reference_spans").asInt(), spans.path("percent_of_reference").asDouble(),
                            spans.path("percent_of_union").asDouble(), spans.path("identical_documents").asInt(),
                            report.path("documents").asInt()));
                }
            }
        }
        return out.toString();
    }

    private static String rooflines(JsonNode rooflines) {
        StringBuilder out = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = rooflines.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> precision = it.next();
            out.append(out.length() == 0 ? "" : ", ").append(String.format("%s %.1f GFLOP/s", precision.getKey(),
                    precision.getValue().asDouble()));
        }
        return out.toString();
    }
}
