package org.clinner.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** The markdown table of a benchmark report. */
final class BenchReport {

    private BenchReport() {}

    /**
     * Renders a report.
     *
     * @param report the JSON report of {@link BenchCommand}
     * @return a markdown section with the machine line and one table row per variant
     */
    static String markdown(JsonNode report) {
        JsonNode machine = report.path("machine");
        StringBuilder out = new StringBuilder();
        out.append(String.format("Machine: %s, %d cores, Java %s, %s. Corpus: %d documents (%s). Model: %s, %.2f GB,"
                        + " loaded in %.2f s. fp32 GEMM roofline: %.1f GFLOP/s.%n%n",
                machine.path("cpu").asText(), machine.path("cores").asInt(), machine.path("java").asText(),
                machine.path("engine").asText(), report.path("documents").asInt(), report.path("corpus").asText(),
                report.path("model").asText(), report.path("weights_bytes").asLong() / 1e9,
                report.path("load_seconds").asDouble(), report.path("roofline_gflops").asDouble()));
        out.append("| variant | what | docs/s | tokens/s | GFLOP/s | % roofline | peak RSS | vs A |\n");
        out.append("|---|---|---|---|---|---|---|---|\n");
        for (JsonNode variant : report.path("variants")) {
            out.append(String.format("| %s | %s | %.2f | %.0f | %.1f | %.0f%% | %.2f GB | %s |%n",
                    variant.path("variant").asText(), variant.path("description").asText(),
                    variant.path("docs_per_second").asDouble(), variant.path("tokens_per_second").asDouble(),
                    variant.path("gflops").asDouble(), variant.path("percent_of_roofline").asDouble(),
                    variant.path("peak_rss_bytes").asLong() / 1e9,
                    variant.has("speedup_vs_A") ? String.format("%.2f×", variant.path("speedup_vs_A").asDouble())
                    : "–"));
        }
        for (JsonNode variant : report.path("variants")) {
            if (variant.has("documents_with_spans_identical_to_A")) {
                out.append(String.format("%nVariant %s gives the same spans as A in %d of %d documents.%n",
                        variant.path("variant").asText(), variant.path("documents_with_spans_identical_to_A").asInt(),
                        report.path("documents").asInt()));
            }
            if (variant.has("documents_with_spans_identical_to_C")) {
                out.append(String.format(
                        "%nVariant %s (its own model, loaded in %.2f s after the fp32 model was closed): %.2f×"
                                + " C, the same spans as C in %d of %d documents.%n",
                        variant.path("variant").asText(), variant.path("load_seconds").asDouble(),
                        variant.path("speedup_vs_C").asDouble(),
                        variant.path("documents_with_spans_identical_to_C").asInt(),
                        report.path("documents").asInt()));
            }
        }
        return out.toString();
    }
}
