package org.clinner.model.tagging;

import org.clinner.model.nn.TokenClassifier;

import java.util.Comparator;
import java.util.List;

/**
 * Tags documents with a token classifier, its tokenizer and its heads' labels, in the two modes of the
 * runtime: raw (the published inference script's algorithm on the whole text) and words
 * (sentences of pre-split words, as the models were trained). Thread-safe: the classifier and the
 * tokenizer are, and every call builds its own windows and batches.
 */
public final class DocumentTagger {

    private final SubwordTokenizer tokenizer;
    private final TokenClassifier classifier;
    private final List<TaggingHead> heads;
    private final int maxLength;

    /**
     * Creates a tagger.
     *
     * @param tokenizer the model's tokenizer
     * @param classifier the network
     * @param heads the network's heads, in the order of its logits
     * @param maxLength the longest model input, special tokens included
     */
    public DocumentTagger(SubwordTokenizer tokenizer, TokenClassifier classifier, List<TaggingHead> heads,
            int maxLength) {
        this.tokenizer = tokenizer;
        this.classifier = classifier;
        this.heads = List.copyOf(heads);
        this.maxLength = maxLength;
    }

    /**
     * Checks that options fit this model: a window no longer than its inputs, a stride shorter
     * than a window's content.
     *
     * @param options the options to check
     * @return the same options
     * @throws InvalidSettingException naming the value that does not fit
     */
    public TaggingOptions check(TaggingOptions options) {
        int length = options.maxLengthOn(maxLength);
        if (length > maxLength) {
            throw new InvalidSettingException("maxLength", length + " exceeds the model's " + maxLength);
        }
        int windowSize = length - tokenizer.specialTokenCount();
        if (options.stride() >= windowSize) {
            throw new InvalidSettingException("stride", options.stride() + " must be less than the " + windowSize
                    + " content tokens of a window of " + length);
        }
        return options;
    }

    /**
     * Tags a whole text with the published inference script's algorithm (raw mode).
     *
     * @param text the document text (line endings as the caller wants them counted)
     * @param options window, stride and batch budget
     * @return the mentions of every head, sorted by begin, end and label
     */
    public List<Mention> tagRaw(String text, TaggingOptions options) {
        return sorted(new RawModeTagger(run(options, false)).tag(text));
    }

    /**
     * Tags sentences given as word spans (words mode).
     *
     * @param text the document text
     * @param sentences the sentences, each a list of word spans (UTF-16) in text order
     * @param options window, stride, batch budget and packing
     * @return the mentions of every head, sorted by begin, end and label
     */
    public List<Mention> tagWords(String text, List<List<Span>> sentences, TaggingOptions options) {
        return sorted(new WordsModeTagger(run(options, options.packSentences())).tag(text, sentences));
    }

    private TaggingRun run(TaggingOptions options, boolean pack) {
        check(options);
        int length = options.maxLengthOn(maxLength);
        int[] headSizes = heads.stream().mapToInt(head -> head.scheme().size()).toArray();
        return new TaggingRun(tokenizer, new BatchedPredictor(classifier, headSizes, options.tokenBudget(),
                options.padToMaxLength() ? length : 0, pack ? length : 0),
                heads, length - tokenizer.specialTokenCount(), options.stride());
    }

    private static List<Mention> sorted(List<Mention> mentions) {
        mentions.sort(Comparator.comparingInt(Mention::begin).thenComparingInt(Mention::end)
                .thenComparing(Mention::label));
        return mentions;
    }
}
