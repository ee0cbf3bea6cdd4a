package org.clinner.model.tagging;

import org.clinner.model.nn.DjlRuntime;
import org.clinner.model.snapshot.ModelLoadException;
import org.clinner.text.CodePointIndex;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A snapshot's {@code tokenizer.json} run through DJL's Hugging Face tokenizer with truncation and
 * padding off (its defaults would cut at 512 tokens and pad with id 0, which is {@code <s>} in
 * XLM-R). Content tokens are returned without special tokens; the special tokens the post-processor
 * puts around one sequence are available separately, so callers build their own windows.
 */
public final class SubwordTokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;
    private final long[] prefix;
    private final long[] suffix;

    private SubwordTokenizer(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
        Encoding probe = tokenizer.encode("a", true, false);
        long[] ids = probe.getIds();
        long[] special = probe.getSpecialTokenMask();
        int head = 0;
        while (head < ids.length && special[head] == 1) {
            head++;
        }
        int tail = ids.length;
        while (tail > head && special[tail - 1] == 1) {
            tail--;
        }
        prefix = Arrays.copyOfRange(ids, 0, head);
        suffix = Arrays.copyOfRange(ids, tail, ids.length);
    }

    /**
     * Loads a {@code tokenizer.json}.
     *
     * @param file the tokenizer file
     * @return the tokenizer
     * @throws ModelLoadException when the file is missing or the tokenizers library rejects it
     */
    public static SubwordTokenizer load(Path file) throws ModelLoadException {
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException(file, "missing (a Hugging Face snapshot needs tokenizer.json)");
        }
        DjlRuntime.engine();
        try {
            return new SubwordTokenizer(HuggingFaceTokenizer.builder()
                    .optTokenizerPath(file)
                    .optAddSpecialTokens(false)
                    .optTruncation(false)
                    .optPadding(false)
                    .build());
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException(file, "not a valid tokenizer: " + e.getMessage(), e);
        }
    }

    /**
     * Returns how many special tokens precede the content of one sequence.
     *
     * @return prefix length (1 for XLM-R's {@code <s>})
     */
    public int prefixLength() {
        return prefix.length;
    }

    /**
     * Returns how many special tokens surround one sequence.
     *
     * @return prefix plus suffix length
     */
    public int specialTokenCount() {
        return prefix.length + suffix.length;
    }

    /**
     * Wraps content tokens in the special tokens of one sequence.
     *
     * @param ids all content token ids
     * @param from first content token of the sequence
     * @param to content token after the last
     * @return {@code prefix + ids[from, to) + suffix}
     */
    public long[] sequence(long[] ids, int from, int to) {
        long[] sequence = new long[prefix.length + (to - from) + suffix.length];
        System.arraycopy(prefix, 0, sequence, 0, prefix.length);
        System.arraycopy(ids, from, sequence, prefix.length, to - from);
        System.arraycopy(suffix, 0, sequence, prefix.length + (to - from), suffix.length);
        return sequence;
    }

    /**
     * Tokenizes a whole text as the published script does (no pre-splitting).
     *
     * @param text the text
     * @return its content tokens with word ids and UTF-16 character spans
     */
    public TextTokens encodeText(String text) {
        Encoding encoding = tokenizer.encode(text, false, false);
        CharSpan[] spans = encoding.getCharTokenSpans();
        CodePointIndex index = new CodePointIndex(text);
        int n = encoding.getIds().length;
        int[] begins = new int[n];
        int[] ends = new int[n];
        for (int i = 0; i < n; i++) {
            if (spans[i] != null) {
                begins[i] = index.toUtf16(spans[i].getStart());
                ends[i] = index.toUtf16(spans[i].getEnd());
            }
        }
        return new TextTokens(encoding.getIds(), encoding.getWordIds(), begins, ends);
    }

    /**
     * Tokenizes a sentence given as pre-split words ({@code is_split_into_words}).
     *
     * @param words the words
     * @return content token ids with the index of the word each belongs to
     */
    public WordTokens encodeWords(List<String> words) {
        Encoding encoding = tokenizer.encode(words.toArray(new String[0]), false, false);
        return new WordTokens(encoding.getIds(), encoding.getWordIds());
    }

    @Override
    public void close() {
        tokenizer.close();
    }

    /**
     * The content tokens of a text.
     *
     * @param ids token ids
     * @param wordIds index of the pre-tokenizer word of each token, -1 for none
     * @param begins UTF-16 start of each token in the text
     * @param ends UTF-16 end of each token in the text
     */
    public record TextTokens(long[] ids, long[] wordIds, int[] begins, int[] ends) {
        /**
         * Returns the number of tokens.
         *
         * @return token count
         */
        public int size() {
            return ids.length;
        }
    }

    /**
     * The content tokens of pre-split words.
     *
     * @param ids token ids
     * @param wordIds index of the input word of each token
     */
    public record WordTokens(long[] ids, long[] wordIds) {
        /**
         * Returns the number of tokens.
         *
         * @return token count
         */
        public int size() {
            return ids.length;
        }
    }
}
