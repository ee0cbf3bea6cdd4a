package org.clinner.cli;

import org.clinner.frontend.ExitCode;
import org.clinner.frontend.PipelineOptions;
import org.clinner.model.ModelInventory;
import org.clinner.model.ModelKey;
import org.clinner.model.hub.ModelLocator;
import org.clinner.model.snapshot.ModelConfig;
import org.clinner.model.snapshot.ModelLoadException;
import org.clinner.model.tagging.InvalidSettingException;
import org.clinner.uima.SharedModels;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/**
 * {@code clinner inspect}: what a model location holds, from the files' headers without loading a
 * weight: the files and their sizes, the architecture, the tensors' element types, and the heads with
 * their labels (the published MTL script's {@code --list_tasks}).
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Shows what a model holds: files, architecture, element types, heads and their labels.")
final class InspectCommand implements Callable<Integer> {

    private static final String COMMAND = "inspect";

    @ArgGroup(exclusive = false, multiplicity = "1")
    private PipelineOptions.ModelOptions model;

    @Option(names = "--offline", description = "Never download (as HF_HUB_OFFLINE=1 does).")
    private boolean offline;

    @Option(names = "--json", description = "Print JSON instead of text.")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        ModelKey key;
        ModelInventory inventory;
        try {
            key = model.spec().resolve(ModelLocator.fromEnvironment(offline), SharedModels.DOWNLOAD_LOG);
            inventory = ModelInventory.of(key);
        } catch (InvalidSettingException e) {
            return ExitCode.usage(COMMAND, PipelineOptions.asOption(e).getMessage());
        } catch (ModelLoadException e) {
            return ExitCode.usage(COMMAND, e.getMessage());
        }
        if (json) {
            System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(json(inventory)));
        } else {
            print(inventory, System.out);
        }
        return ExitCode.OK;
    }

    private static void print(ModelInventory inventory, PrintStream out) {
        ModelConfig config = inventory.config();
        out.printf("kind: %s%s%n", inventory.kind(), inventory.keyPrefix().isEmpty() ? ""
                : " (every key prefixed " + inventory.keyPrefix() + ")");
        out.println("files:");
        inventory.files().forEach((file, bytes) -> out.printf("  %,15d  %s%n", bytes, file));
        out.printf("architecture: hidden %d, %d layers, %d attention heads, feed-forward %d, vocabulary %d,"
                        + " %d positions (inputs of up to %d tokens)%n", config.hiddenSize(), config.numLayers(),
                config.numHeads(), config.intermediateSize(), config.vocabSize(), config.maxPositionEmbeddings(),
                config.maxSequenceLength());
        out.printf("tensors: %,d parameters; by element type %s%n", inventory.parameters(), inventory.dtypes());
        out.println("heads:");
        for (ModelInventory.Head head : inventory.heads()) {
            out.printf("  %-20s %d labels  %s%n", head.task(), head.labels(),
                    head.problem() == null ? String.join(" ", head.names()) : "(" + head.problem() + ")");
        }
    }

    private static ObjectNode json(ModelInventory inventory) {
        ObjectNode root = new ObjectMapper().createObjectNode().put("kind", inventory.kind())
                .put("key_prefix", inventory.keyPrefix()).put("parameters", inventory.parameters());
        ObjectNode files = root.putObject("files");
        inventory.files().forEach((file, bytes) -> files.put(file.toString(), bytes));
        ModelConfig config = inventory.config();
        root.putObject("architecture").put("hidden_size", config.hiddenSize()).put("layers", config.numLayers())
                .put("attention_heads", config.numHeads()).put("intermediate_size", config.intermediateSize())
                .put("vocab_size", config.vocabSize()).put("max_position_embeddings", config.maxPositionEmbeddings());
        ObjectNode dtypes = root.putObject("dtypes");
        inventory.dtypes().forEach(dtypes::put);
        ArrayNode heads = root.putArray("heads");
        for (ModelInventory.Head head : inventory.heads()) {
            ObjectNode entry = heads.addObject().put("task", head.task()).put("labels", head.labels())
                    .put("problem", head.problem());
            head.names().forEach(entry.putArray("label_names")::add);
        }
        return root;
    }
}
