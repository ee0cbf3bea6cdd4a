package org.clinner.train;

import java.lang.Character.UnicodeScript;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The initial pieces of Unigram training: every character of the corpus, then the substrings of
 * its chunks with the highest frequency × length. A multi-character piece holds at most
 * {@value #MAX_PIECE_LENGTH} code points, has {@code ▁} only as its first character, no other
 * whitespace or control character, and one Unicode script (combining marks fit any), as
 * SentencePiece's defaults require; so {@code ▁dolor} and {@code 500} can be pieces, {@code 500mg}
 * and {@code r.} cannot (nor, therefore, a special token such as {@code <s>}).
 */
final class UnigramSeeds {

    /** The longest multi-character piece, in code points. */
    static final int MAX_PIECE_LENGTH = 16;

    private static final int SEEDS_PER_PIECE = 10;

    /**
     * The initial pieces.
     *
     * @param pieces the characters in code point order, then the substrings best first
     * @param scores initial natural-log probabilities, proportional to frequency (× length)
     * @param characters how many leading pieces are single characters
     */
    record Seeds(List<String> pieces, double[] scores, int characters) {}

    private record Candidate(String piece, long weight) {}

    private UnigramSeeds() {}

    /**
     * Returns the end of the longest piece that may start at a position of a chunk: every
     * {@code [start, e)} with {@code start < e <= end} is a valid piece (a single character
     * always is).
     *
     * @param chunk the code points of a chunk
     * @param start the start position
     * @return the end of the longest valid piece from {@code start}
     */
    static int validEnd(int[] chunk, int start) {
        int limit = Math.min(chunk.length, start + MAX_PIECE_LENGTH);
        int end = start + 1;
        UnicodeScript script = null;
        for (int i = chunk[start] == MetaspaceChunks.REPLACEMENT ? start + 1 : start; i < limit; i++) {
            int c = chunk[i];
            if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) {
                break;
            }
            UnicodeScript s = UnicodeScript.of(c);
            if (s != UnicodeScript.INHERITED) {
                if (script != null && s != script) {
                    break;
                }
                script = s;
            }
            end = i + 1;
        }
        return end;
    }

    /**
     * Selects the seeds of a corpus.
     *
     * @param chunks how often each chunk occurs
     * @param targetSize the number of pieces to learn (characters included)
     * @return every character and the best {@code 10 × targetSize} substrings
     * @throws IllegalStateException when the corpus has more characters, or fewer candidate
     *     pieces, than {@code targetSize}
     */
    static Seeds select(SortedMap<String, Long> chunks, int targetSize) {
        SortedMap<Integer, Long> characters = new TreeMap<>();
        Map<String, Long> substrings = new HashMap<>();
        for (Map.Entry<String, Long> entry : chunks.entrySet()) {
            int[] chunk = entry.getKey().codePoints().toArray();
            long count = entry.getValue();
            for (int start = 0; start < chunk.length; start++) {
                characters.merge(chunk[start], count, Long::sum);
                int end = validEnd(chunk, start);
                for (int e = start + 2; e <= end; e++) {
                    substrings.merge(new String(chunk, start, e - start), count, Long::sum);
                }
            }
        }
        if (characters.size() > targetSize) {
            throw new IllegalStateException("the corpus has " + characters.size()
                    + " distinct characters, more than the " + targetSize + " pieces the vocabulary size leaves");
        }
        if (characters.size() + substrings.size() < targetSize) {
            throw new IllegalStateException("the corpus yields only " + (characters.size() + substrings.size())
                    + " candidate pieces for a vocabulary of " + targetSize + " pieces; add text or lower the size");
        }
        List<Candidate> candidates = new ArrayList<>(characters.size() + substrings.size());
        characters.forEach((c, count) -> candidates.add(new Candidate(Character.toString(c), count)));
        List<Candidate> multi = new ArrayList<>(substrings.size());
        substrings.forEach((s, count) -> multi.add(new Candidate(s, count * s.codePointCount(0, s.length()))));
        multi.sort(Comparator.comparingLong(Candidate::weight).reversed().thenComparing(Candidate::piece));
        candidates.addAll(multi.subList(0, Math.min(multi.size(), SEEDS_PER_PIECE * targetSize)));
        double total = candidates.stream().mapToDouble(Candidate::weight).sum();
        return new Seeds(candidates.stream().map(Candidate::piece).toList(),
                candidates.stream().mapToDouble(c -> Math.log(c.weight() / total)).toArray(), characters.size());
    }
}
