package org.clinner.train;

import java.util.function.Consumer;

/**
 * The chunks the {@code Metaspace} pre-tokenizer of the tokenizers library makes with
 * {@code prepend_scheme: always} and {@code split: true}: every space becomes {@code ▁}, a
 * {@code ▁} is prepended when the text does not start with one, and the text is split before
 * every {@code ▁}, so each chunk starts with exactly one {@code ▁} ({@code "a  b"} gives
 * {@code ▁a}, {@code ▁}, {@code ▁b}).
 */
final class MetaspaceChunks {

    /** The character that stands for a space (U+2581). */
    static final char REPLACEMENT = '\u2581';

    private MetaspaceChunks() {}

    /**
     * Passes the chunks of a text, in order, to a consumer; an empty text has none.
     *
     * @param text the text
     * @param chunks receives each chunk
     */
    static void forEachChunk(String text, Consumer<String> chunks) {
        if (text.isEmpty()) {
            return;
        }
        String replaced = text.replace(' ', REPLACEMENT);
        String marked = replaced.charAt(0) == REPLACEMENT ? replaced : REPLACEMENT + replaced;
        int start = 0;
        for (int i = 1; i < marked.length(); i++) {
            if (marked.charAt(i) == REPLACEMENT) {
                chunks.accept(marked.substring(start, i));
                start = i;
            }
        }
        chunks.accept(marked.substring(start));
    }
}
