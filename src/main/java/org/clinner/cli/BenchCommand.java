package org.clinner.cli;

import org.clinner.frontend.ExitCode;
import org.clinner.io.AtomicFiles;
import org.clinner.model.nn.CpuFeatures;
import org.clinner.model.nn.DjlRuntime;
import org.clinner.model.snapshot.ModelConfig;
import org.clinner.model.snapshot.ModelLoadException;
import org.clinner.model.snapshot.SnapshotFiles;
import org.clinner.train.CorpusReader;
import org.clinner.train.TrainableModel;
import org.clinner.train.TrainingDocument;
import org.clinner.train.UnigramTokenizerTrainer;
import org.clinner.uima.ClinnerPipeline;
import org.clinner.uima.PipelineSettings;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.commons.io.FileUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code clinner bench}: throughput of this runtime against the published script's compute pattern
 * and against ONNX Runtime, in each precision, on one corpus, one model and one process, with each
 * precision's GEMM rate on this machine as its roofline.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Measures, in one process, the variants asked for: (P) the published script's pattern (raw windows of"
                + " 512/128, each padded to 512 and run alone); (O) ONNX Runtime on that pattern unpadded, when it is"
                + " on the class path (tools/bench.sh); (A) this runtime on O's pattern; (B) raw mode batched; (C)"
                + " words mode; (R) words mode on the NDArray reference path; (C-bf16, C-int8) words mode in bf16"
                + " and int8; (D) a TorchScript export; (T, M) three single-task models against one multi-task"
                + " state dict.",
            "Reports documents/s, tokens/s, effective GFLOP/s (padding included), %% of the roofline of the"
                + " variant's precision (this machine's rate of an encoder layer's products, with the kernels the"
                + " runtime uses), load time and peak RSS per variant, the speed-up over O (else A) and the span"
                + " agreement with the fp32 variant of the same pattern, as JSON and a markdown table."})
final class BenchCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--corpus", defaultValue = "../shared/data/medprocner/test/txt",
            description = "Folder of .txt documents. Default: ${DEFAULT-VALUE}.")
    private Path corpus;

    @Option(names = "--model", description = "A snapshot to measure; default: a random model of xlm-roberta-base's"
            + " shapes with a tokenizer trained on the corpus, generated into a temporary folder.")
    private Path model;

    @Option(names = "--torchscript", description = "Variant D: this TorchScript export in the model folder (e.g."
            + " model-bf16.pt from tools/export_torchscript.py).")
    private String torchScript;

    @Option(names = "--checkpoint", description = "Variants T and M: a DT4H multi-task .pt state dict of the"
            + " model's architecture with three heads (tools/make_mtl_checkpoint.py writes one from --model); M runs"
            + " its heads on one words-mode pass, T runs three single-task models (the --model snapshot, loaded"
            + " three times) over the same documents.")
    private Path checkpoint;

    @Option(names = "--base-model", description = "The state dict's base model folder (config.json, tokenizer);"
            + " default: the --model snapshot.")
    private Path baseModel;

    @Option(names = "--keep-model",
            description = "Write the generated model here (to export it, then rerun with --model).")
    private Path keepModel;

    @Option(names = "--limit", defaultValue = "0", description = "Use only the first N documents (0: all).")
    private int limit;

    @Option(names = "--variants", split = ",", defaultValue = "O,A,C,R,C-bf16,C-int8",
            description = "Default: ${DEFAULT-VALUE} (O only where ONNX Runtime is on the class path).")
    private List<String> variants;

    @Option(names = "--token-budget", defaultValue = "4096",
            description = "Batch budget of B, C and the words-mode variants. Default: ${DEFAULT-VALUE}.")
    private int tokenBudget;

    @Option(names = "--pack-sentences", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Words mode packs short sentences into shared inputs. Default: ${DEFAULT-VALUE}.")
    private boolean packSentences;

    @Option(names = "--threads", defaultValue = "0", description = "Intra-op threads of every engine; 0: all CPUs.")
    private int threads;

    @Option(names = "--output", defaultValue = "target/bench", description = "Folder for bench.json and bench.md.")
    private Path output;

    @Override
    public Integer call() throws Exception {
        int cores = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        DjlRuntime.setIntraOpThreads(cores);
        List<BenchVariant> asked = variants.stream().map(BenchVariant::parse).distinct().toList();
        List<TrainingDocument> all = CorpusReader.read(corpus, null, null,
                new ClinnerPipeline(PipelineSettings.defaults("es")));
        List<TrainingDocument> documents = limit > 0 && limit < all.size() ? all.subList(0, limit) : all;
        System.err.printf("%d documents from %s%n", documents.size(), corpus);
        // the tokenizer of a generated model learns from the whole corpus, whatever --limit says
        Path directory = model != null ? model : generateBaseModel(all, keepModel);
        ObjectNode report = JSON.createObjectNode();
        report.set("machine", machine(cores));
        report.put("corpus", corpus.toString()).put("documents", documents.size());
        report.put("model", model != null ? model.toString() : "random xlm-roberta-base shapes (generated)");
        report.put("weights_bytes", Files.size(directory.resolve(SnapshotFiles.WEIGHTS)));
        try {
            new BenchRun(directory, documents, new BenchRun.Settings(tokenBudget, packSentences, torchScript,
                    checkpoint, baseModel != null ? baseModel : directory, cores)).measure(asked, report);
        } finally {
            if (model == null && keepModel == null) {
                FileUtils.deleteDirectory(directory.getParent().toFile());
            }
        }
        Files.createDirectories(output);
        AtomicFiles.write(output.resolve("bench.json"),
                temp -> JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), report));
        String markdown = BenchReport.markdown(report);
        AtomicFiles.write(output.resolve("bench.md"), temp -> Files.writeString(temp, markdown));
        System.out.print(markdown);
        return ExitCode.OK;
    }

    private static Path generateBaseModel(List<TrainingDocument> documents, Path keep)
            throws IOException, ModelLoadException {
        Path directory = keep != null ? keep : Files.createTempDirectory("clinner-bench-").resolve("model");
        Files.createDirectories(directory);
        long start = System.nanoTime();
        UnigramTokenizerTrainer tokenizer = new UnigramTokenizerTrainer(32000);
        documents.forEach(d -> tokenizer.addText(d.text()));
        tokenizer.write(directory.resolve(SnapshotFiles.TOKENIZER));
        UnigramTokenizerTrainer.writeConfigs(directory, 32000);
        ModelConfig base = new ModelConfig(250002, 768, 12, 12, 3072, 514, 1, 1e-5f, 1,
                List.of("B-PROCEDURE", "I-PROCEDURE", "O"));
        try (TrainableModel random = TrainableModel.fromScratch(base, directory, 42)) {
            random.save(directory);
        }
        System.err.printf("generated a base-size random model in %.0f s%n", seconds(start));
        return directory;
    }

    private static ObjectNode machine(int cores) {
        ObjectNode machine = JSON.createObjectNode();
        CpuFeatures cpu = CpuFeatures.current();
        machine.put("cpu", cpu.model()).put("vector_extensions", cpu.summary()).put("cores", cores)
                .put("java", System.getProperty("java.version"))
                .put("engine", DjlRuntime.engine().getEngineName() + " " + DjlRuntime.engine().getVersion());
        return machine;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
