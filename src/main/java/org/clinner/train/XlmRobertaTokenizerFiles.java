package org.clinner.train;

import org.clinner.io.AtomicFiles;
import org.clinner.model.snapshot.SnapshotFiles;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The Hugging Face tokenizer files of an XLM-R-style Unigram vocabulary ({@code <s>},
 * {@code <pad>}, {@code </s>}, {@code <unk>} first, {@code <mask>} last), laid out as
 * xlm-roberta-base's without its Precompiled normalizer, and pretty-printed as Python's
 * {@code json.dumps(indent=2)} does. Files are written atomically.
 */
final class XlmRobertaTokenizerFiles {

    /** The special tokens at ids 0 to 3. */
    static final List<String> LEADING_SPECIALS = List.of("<s>", "<pad>", "</s>", "<unk>");
    /** The special token with the last id. */
    static final String MASK = "<mask>";

    private static final int BOS_ID = 0;
    private static final int EOS_ID = 2;
    private static final int UNK_ID = 3;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectWriter PRETTY = JSON.writer(prettyPrinter());
    private static final byte[] NEWLINE = {'\n'};

    private XlmRobertaTokenizerFiles() {}

    private static DefaultPrettyPrinter prettyPrinter() {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(
                Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));
        printer.indentObjectsWith(indenter);
        printer.indentArraysWith(indenter);
        return printer;
    }

    /**
     * Writes {@code tokenizer.json}.
     *
     * @param file the target file
     * @param pieces the learned pieces, in id order from id 4
     * @throws IOException when the file cannot be written
     */
    static void writeTokenizer(Path file, List<UnigramPiece> pieces) throws IOException {
        int maskId = LEADING_SPECIALS.size() + pieces.size();
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (int id = 0; id < LEADING_SPECIALS.size(); id++) {
            addedToken(added.addObject().put("id", id), LEADING_SPECIALS.get(id), false);
        }
        addedToken(added.addObject().put("id", maskId), MASK, true);
        root.putNull("normalizer");
        metaspace(root.putObject("pre_tokenizer"));
        postProcessor(root.putObject("post_processor"));
        metaspace(root.putObject("decoder"));
        ObjectNode model = root.putObject("model");
        model.put("type", "Unigram");
        model.put("unk_id", UNK_ID);
        ArrayNode vocab = model.putArray("vocab");
        for (String special : LEADING_SPECIALS) {
            vocab.addArray().add(special).add(0.0f);
        }
        for (UnigramPiece piece : pieces) {
            vocab.addArray().add(piece.piece()).add(piece.score());
        }
        vocab.addArray().add(MASK).add(0.0f);
        model.put("byte_fallback", false);
        write(file, root);
    }

    /**
     * Writes {@code tokenizer_config.json} and {@code special_tokens_map.json}.
     *
     * @param directory the snapshot directory
     * @param vocabSize the vocabulary size, special tokens included
     * @throws IOException when a file cannot be written
     */
    static void writeConfigs(Path directory, int vocabSize) throws IOException {
        ObjectNode config = JSON.createObjectNode();
        ObjectNode decoder = config.putObject("added_tokens_decoder");
        for (int id = 0; id < LEADING_SPECIALS.size(); id++) {
            special(decoder.putObject(Integer.toString(id)), LEADING_SPECIALS.get(id), false).put("special", true);
        }
        special(decoder.putObject(Integer.toString(vocabSize - 1)), MASK, true).put("special", true);
        config.put("bos_token", "<s>");
        config.put("clean_up_tokenization_spaces", true);
        config.put("cls_token", "<s>");
        config.put("eos_token", "</s>");
        config.put("mask_token", MASK);
        config.put("model_max_length", 512);
        config.put("pad_token", "<pad>");
        config.put("sep_token", "</s>");
        config.put("tokenizer_class", "XLMRobertaTokenizer");
        config.put("unk_token", "<unk>");
        write(directory.resolve("tokenizer_config.json"), config);

        ObjectNode map = JSON.createObjectNode();
        map.put("bos_token", "<s>");
        map.put("cls_token", "<s>");
        map.put("eos_token", "</s>");
        special(map.putObject("mask_token"), MASK, true);
        map.put("pad_token", "<pad>");
        map.put("sep_token", "</s>");
        map.put("unk_token", "<unk>");
        write(directory.resolve(SnapshotFiles.SPECIAL_TOKENS_MAP), map);
    }

    private static void addedToken(ObjectNode token, String content, boolean lstrip) {
        token.put("content", content);
        token.put("single_word", false);
        token.put("lstrip", lstrip);
        token.put("rstrip", false);
        token.put("normalized", false);
        token.put("special", true);
    }

    private static ObjectNode special(ObjectNode token, String content, boolean lstrip) {
        return token.put("content", content)
                .put("lstrip", lstrip)
                .put("normalized", false)
                .put("rstrip", false)
                .put("single_word", false);
    }

    private static void metaspace(ObjectNode node) {
        node.put("type", "Metaspace");
        node.put("replacement", String.valueOf(MetaspaceChunks.REPLACEMENT));
        node.put("prepend_scheme", "always");
        node.put("split", true);
    }

    private static void postProcessor(ObjectNode node) {
        node.put("type", "TemplateProcessing");
        ArrayNode single = node.putArray("single");
        specialToken(single, "<s>");
        sequence(single, "A");
        specialToken(single, "</s>");
        ArrayNode pair = node.putArray("pair");
        specialToken(pair, "<s>");
        sequence(pair, "A");
        specialToken(pair, "</s>");
        specialToken(pair, "</s>");
        sequence(pair, "B");
        specialToken(pair, "</s>");
        ObjectNode specials = node.putObject("special_tokens");
        templateToken(specials.putObject("</s>"), "</s>", EOS_ID);
        templateToken(specials.putObject("<s>"), "<s>", BOS_ID);
    }

    private static void specialToken(ArrayNode template, String token) {
        template.addObject().putObject("SpecialToken").put("id", token).put("type_id", 0);
    }

    private static void sequence(ArrayNode template, String sequence) {
        template.addObject().putObject("Sequence").put("id", sequence).put("type_id", 0);
    }

    private static void templateToken(ObjectNode node, String token, int id) {
        node.put("id", token);
        node.putArray("ids").add(id);
        node.putArray("tokens").add(token);
    }

    private static void write(Path file, ObjectNode root) throws IOException {
        byte[] json = PRETTY.writeValueAsBytes(root);
        AtomicFiles.write(file, temp -> {
            Files.write(temp, json);
            Files.write(temp, NEWLINE, StandardOpenOption.APPEND);
        });
    }
}
