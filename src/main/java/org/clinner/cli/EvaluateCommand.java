package org.clinner.cli;

import org.clinner.eval.MultiClinAiScorer;
import org.clinner.format.MultiClinAiRow;
import org.clinner.format.MultiClinAiTsv;
import org.clinner.frontend.ExitCode;
import org.clinner.report.EvaluationReport;
import org.clinner.report.Texts;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code clinner evaluate}: the official MultiClinAI scorer's JSON, field for field, and on request
 * an HTML report of the differences.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Scores predictions against gold spans (MultiClinAI TSV files) and prints the JSON of the"
                + " official MultiClinAI scorer: strict P/R/F1 and character-overlap P/R/F1, rounded to 4 decimals."})
final class EvaluateCommand implements Callable<Integer> {

    private static final String COMMAND = "clinner evaluate";

    @Option(names = "--reference", required = true,
            description = "Gold TSV (filename, label, start_span, end_span, text).")
    private Path reference;

    @Option(names = "--pred", required = true, description = "Predicted TSV, same columns.")
    private Path pred;

    @Option(names = "--entity", description = "Score only this label (e.g. PROCEDURE).")
    private String entity;

    @Option(names = "--html", paramLabel = "FILE", description = "Also write a self-contained HTML report: the"
            + " scores, the documents by their errors, and each text with its gold and predicted spans.")
    private Path html;

    @Option(names = "--texts", paramLabel = "DIR", description = "The folder of .txt documents annotate read, for"
            + " the texts of the HTML report.")
    private Path texts;

    @Override
    public Integer call() {
        String problem = checkReportOptions();
        if (problem != null) {
            return ExitCode.usage(COMMAND, problem);
        }
        try {
            List<MultiClinAiRow> gold = MultiClinAiTsv.read(reference);
            List<MultiClinAiRow> predictions = MultiClinAiTsv.read(pred);
            System.out.print(MultiClinAiScorer.score(gold, predictions, entity).toJson());
            System.out.flush();
            if (html != null) {
                writeReport(only(gold), only(predictions));
            }
            return ExitCode.OK;
        } catch (IOException e) {
            return ExitCode.usage(COMMAND, e.getMessage());
        }
    }

    /** Checks the report's options before any file is read. */
    private String checkReportOptions() {
        if (texts != null && html == null) {
            return "--texts is for the HTML report: add --html FILE";
        }
        if (texts != null && !Files.isDirectory(texts)) {
            return "--texts " + texts + " is not a folder";
        }
        if (html != null && Files.isDirectory(html)) {
            return "--html " + html + " is a folder; give the report's file name";
        }
        return null;
    }

    private List<MultiClinAiRow> only(List<MultiClinAiRow> rows) {
        return entity == null || entity.isEmpty() ? rows : rows.stream().filter(r -> r.label().equals(entity))
                .toList();
    }

    private void writeReport(List<MultiClinAiRow> gold, List<MultiClinAiRow> predictions) throws IOException {
        Map<String, String> documents = texts == null ? Map.of()
                : Texts.read(texts, unread -> System.err.println("clinner evaluate: text not shown: " + unread));
        EvaluationReport.build(new EvaluationReport.Inputs(reference.toString(), pred.toString(),
                texts == null ? null : texts.toString()), gold, predictions, documents).write(html);
        System.err.println("clinner evaluate: report written to " + html);
    }
}
