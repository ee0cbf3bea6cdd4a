package org.clinner.model.tagging;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The published inference script's algorithm on a whole text: the text is tokenized as is, cut
 * into overlapping windows, each word (a pre-tokenizer chunk) of each window votes with the label
 * of its first sub-token under the key of its span in that window, and the voted words are decoded
 * as BIO in span order, for each head of the model on the same windows' logits. Unlike the script,
 * windows are batched and not padded to the maximum length.
 */
final class RawModeTagger {

    private final TaggingRun run;

    RawModeTagger(TaggingRun run) {
        this.run = run;
    }

    List<Mention> tag(String text) {
        SubwordTokenizer.TextTokens tokens = run.tokenizer().encodeText(text);
        List<int[]> windows = Windows.of(tokens.size(), run.windowSize(), run.stride());
        List<long[]> sequences = new ArrayList<>(windows.size());
        for (int[] window : windows) {
            sequences.add(run.tokenizer().sequence(tokens.ids(), window[0], window[1]));
        }
        List<TokenPredictions[]> predictions = run.predictor().predict(sequences);
        List<Mention> mentions = new ArrayList<>();
        for (int head = 0; head < run.heads().size(); head++) {
            Map<Span, LabelVote> votes = new LinkedHashMap<>();
            for (int w = 0; w < windows.size(); w++) {
                collectVotes(tokens, windows.get(w), predictions.get(w)[head], votes);
            }
            mentions.addAll(decode(text, votes, run.heads().get(head).scheme()));
        }
        return mentions;
    }

    /** Decodes the voted words of one head in span order. */
    private static List<Mention> decode(String text, Map<Span, LabelVote> votes, LabelScheme scheme) {
        List<Span> words = new ArrayList<>(votes.keySet());
        words.sort(Comparator.comparingInt(Span::begin).thenComparingInt(Span::end));
        BioDecoder decoder = new BioDecoder(scheme, text);
        for (Span word : words) {
            LabelVote vote = votes.get(word);
            decoder.word(word.begin(), word.end(), vote.winner(scheme), vote.winnerProbability(scheme));
        }
        return decoder.finish();
    }

    /** Adds one vote per word of a window: its span within the window and its first sub-token's label. */
    private void collectVotes(
            SubwordTokenizer.TextTokens tokens, int[] window, TokenPredictions predictions,
            Map<Span, LabelVote> votes) {
        int offset = run.tokenizer().prefixLength() - window[0];
        long word = -1;
        int begin = 0;
        int end = 0;
        int first = -1;
        for (int t = window[0]; t < window[1]; t++) {
            long tokenWord = tokens.wordIds()[t];
            if (tokenWord != word) {
                vote(votes, begin, end, first, predictions);
                word = tokenWord;
                begin = tokens.begins()[t];
                first = tokenWord < 0 ? -1 : offset + t;
            }
            end = tokens.ends()[t];
        }
        vote(votes, begin, end, first, predictions);
    }

    private static void vote(Map<Span, LabelVote> votes, int begin, int end, int token, TokenPredictions predictions) {
        if (token >= 0 && !(begin == 0 && end == 0)) {
            votes.computeIfAbsent(new Span(begin, end), k -> new LabelVote())
                    .add(predictions.labels()[token], predictions.probabilities()[token]);
        }
    }
}
