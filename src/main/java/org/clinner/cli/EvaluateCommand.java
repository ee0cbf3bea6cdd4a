package org.clinner.cli;

import org.clinner.eval.MultiClinAiScorer;
import org.clinner.format.MultiClinAiRow;
import org.clinner.format.MultiClinAiTsv;
import org.clinner.frontend.ExitCode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code clinner evaluate}: the official MultiClinAI scorer's JSON, field for field. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Scores predictions against gold spans (MultiClinAI TSV files) and prints the JSON of the"
                + " official MultiClinAI scorer: strict P/R/F1 and character-overlap P/R/F1, rounded to 4 decimals."})
final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--reference", required = true,
            description = "Gold TSV (filename, label, start_span, end_span, text).")
    private Path reference;

    @Option(names = "--pred", required = true, description = "Predicted TSV, same columns.")
    private Path pred;

    @Option(names = "--entity", description = "Score only this label (e.g. PROCEDURE).")
    private String entity;

    @Override
    public Integer call() {
        try {
            List<MultiClinAiRow> gold = MultiClinAiTsv.read(reference);
            List<MultiClinAiRow> predictions = MultiClinAiTsv.read(pred);
            System.out.print(MultiClinAiScorer.score(gold, predictions, entity).toJson());
            System.out.flush();
            return ExitCode.OK;
        } catch (IOException e) {
            return ExitCode.usage("clinner evaluate", e.getMessage());
        }
    }
}
