package org.clinner.model.tagging;

import java.util.ArrayList;
import java.util.List;

/**
 * Tags sentences given as pre-split words, as the DT4H models were trained: each sentence is
 * encoded with {@code is_split_into_words}, a word takes the label of its first sub-token, and a
 * sentence longer than the model's window is cut into overlapping windows where every window that
 * holds a word's first sub-token votes for its label. Entities never cross sentences. All
 * sentences of a document share the batches, and every head of the model decodes the same logits.
 */
final class WordsModeTagger {

    private final TaggingRun run;

    WordsModeTagger(TaggingRun run) {
        this.run = run;
    }

    List<Mention> tag(String text, List<List<Span>> sentences) {
        List<SubwordTokenizer.WordTokens> encoded = new ArrayList<>(sentences.size());
        List<List<int[]>> windows = new ArrayList<>(sentences.size());
        List<long[]> sequences = new ArrayList<>();
        for (List<Span> sentence : sentences) {
            List<String> words = new ArrayList<>(sentence.size());
            for (Span word : sentence) {
                words.add(text.substring(word.begin(), word.end()));
            }
            SubwordTokenizer.WordTokens tokens = run.tokenizer().encodeWords(words);
            List<int[]> sentenceWindows = Windows.of(tokens.size(), run.windowSize(), run.stride());
            for (int[] window : sentenceWindows) {
                sequences.add(run.tokenizer().sequence(tokens.ids(), window[0], window[1]));
            }
            encoded.add(tokens);
            windows.add(sentenceWindows);
        }
        List<TokenPredictions[]> predictions = run.predictor().predict(sequences);
        List<Mention> mentions = new ArrayList<>();
        for (int head = 0; head < run.heads().size(); head++) {
            mentions.addAll(decode(text, sentences, encoded, windows, predictions, head));
        }
        return mentions;
    }

    /** Votes and decodes the words of every sentence under one head. */
    private List<Mention> decode(String text, List<List<Span>> sentences, List<SubwordTokenizer.WordTokens> encoded,
            List<List<int[]>> windows, List<TokenPredictions[]> predictions, int head) {
        LabelScheme scheme = run.heads().get(head).scheme();
        BioDecoder decoder = new BioDecoder(scheme, text);
        int next = 0;
        for (int s = 0; s < sentences.size(); s++) {
            List<Span> sentence = sentences.get(s);
            LabelVote[] votes = new LabelVote[sentence.size()];
            for (int i = 0; i < votes.length; i++) {
                votes[i] = new LabelVote();
            }
            for (int[] window : windows.get(s)) {
                collectVotes(encoded.get(s), window, predictions.get(next++)[head], votes);
            }
            for (int i = 0; i < votes.length; i++) {
                Span word = sentence.get(i);
                if (votes[i].isEmpty()) {
                    decoder.word(word.begin(), word.end(), scheme.outsideId(), 1.0);
                } else {
                    decoder.word(word.begin(), word.end(), votes[i].winner(scheme), votes[i].winnerProbability(scheme));
                }
            }
            decoder.close();
        }
        return decoder.finish();
    }

    /** Adds a vote for every word whose first sub-token lies in the window. */
    private void collectVotes(
            SubwordTokenizer.WordTokens tokens, int[] window, TokenPredictions predictions, LabelVote[] votes) {
        int offset = run.tokenizer().prefixLength() - window[0];
        long[] wordIds = tokens.wordIds();
        for (int t = window[0]; t < window[1]; t++) {
            if (wordIds[t] >= 0 && (t == 0 || wordIds[t - 1] != wordIds[t])) {
                int token = offset + t;
                votes[(int) wordIds[t]].add(predictions.labels()[token], predictions.probabilities()[token]);
            }
        }
    }
}
