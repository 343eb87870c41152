package io.centinela.sigma.eval;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A compact Aho-Corasick automaton over folded text, specialised for the hot path: states and edges in flat
 * arrays, a dense root table for Latin-1, no boxing and no allocation while scanning. It replaces
 * org.ahocorasick on the evaluation path, whose HashMap&lt;Character, State&gt; transitions and emit objects took
 * about two thirds of the CPU time in the benchmark; org.ahocorasick stays as the reference implementation the
 * tests compare this one against. Immutable and thread-safe once built.
 */
final class LiteralAutomaton {

    /** Receives each keyword occurrence: keyword index, start offset, end offset (exclusive). */
    interface Hits {
        void hit(int keyword, int start, int end);
    }

    private final int[] rootNext = new int[256];  // root transitions for chars < 256 (0 = stay at root)
    private final int[] edgeStart;                // per state: first edge index
    private final char[] edgeChar;                // edges sorted by char within a state
    private final int[] edgeTarget;
    private final int[] fail;
    private final int[] outKeyword;               // per state: keyword ending here, or -1
    private final int[] dictLink;                 // per state: next state on the fail chain with a keyword, or -1
    private final int[] firstOut;                 // per state: itself if it ends a keyword, else dictLink
    private final int[] keywordLength;
    private static final int DENSE_BUDGET = 4096;  // states with a full ASCII transition row (shallowest first)
    private final int[] denseRow;                  // per state: row offset into dense, or -1
    private final int[] dense;                     // rows of 128 next states, fail links already followed

    LiteralAutomaton(List<String> keywords) {
        // Build the trie with a hash of (state, char) -> state.
        Map<Long, Integer> gotoMap = new HashMap<>();
        List<Integer> out = new ArrayList<>();
        out.add(-1);
        int states = 1;
        keywordLength = new int[keywords.size()];
        for (int k = 0; k < keywords.size(); k++) {
            String w = keywords.get(k);
            if (w.isEmpty()) {
                throw new IllegalArgumentException("empty keyword");
            }
            keywordLength[k] = w.length();
            int s = 0;
            for (int i = 0; i < w.length(); i++) {
                long key = ((long) s << 16) | w.charAt(i);
                Integer t = gotoMap.get(key);
                if (t == null) {
                    t = states++;
                    gotoMap.put(key, t);
                    out.add(-1);
                }
                s = t;
            }
            if (out.get(s) != -1) {
                throw new IllegalArgumentException("duplicate keyword '" + w + "'");
            }
            out.set(s, k);
        }
        // Flatten edges per state, sorted by char.
        long[] keys = new long[gotoMap.size()];
        int n = 0;
        for (long key : gotoMap.keySet()) {
            keys[n++] = key;
        }
        Arrays.sort(keys); // by state, then char
        edgeStart = new int[states + 1];
        edgeChar = new char[keys.length];
        edgeTarget = new int[keys.length];
        for (int i = 0; i < keys.length; i++) {
            int s = (int) (keys[i] >>> 16);
            edgeStart[s + 1]++;
            edgeChar[i] = (char) (keys[i] & 0xffff);
            edgeTarget[i] = gotoMap.get(keys[i]);
        }
        for (int s = 0; s < states; s++) {
            edgeStart[s + 1] += edgeStart[s];
        }
        for (int i = edgeStart[0]; i < edgeStart[1]; i++) {
            if (edgeChar[i] < 256) {
                rootNext[edgeChar[i]] = edgeTarget[i];
            }
        }
        outKeyword = out.stream().mapToInt(Integer::intValue).toArray();
        fail = new int[states];
        dictLink = new int[states];
        Arrays.fill(dictLink, -1);
        // Breadth-first failure links.
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int i = edgeStart[0]; i < edgeStart[1]; i++) {
            queue.add(edgeTarget[i]);
        }
        while (!queue.isEmpty()) {
            int s = queue.poll();
            for (int i = edgeStart[s]; i < edgeStart[s + 1]; i++) {
                char c = edgeChar[i];
                int t = edgeTarget[i];
                int f = fail[s];
                int g;
                while ((g = child(f, c)) < 0 && f != 0) {
                    f = fail[f];
                }
                fail[t] = g < 0 || g == t ? 0 : g;
                int ft = fail[t];
                dictLink[t] = outKeyword[ft] >= 0 ? ft : dictLink[ft];
                queue.add(t);
            }
        }
        firstOut = new int[states];
        for (int st = 0; st < states; st++) {
            firstOut[st] = outKeyword[st] >= 0 ? st : dictLink[st];
        }
        // Full ASCII rows for the shallowest states (breadth-first order): scanning spends most of its time there.
        denseRow = new int[states];
        Arrays.fill(denseRow, -1);
        List<Integer> order = new ArrayList<>();
        order.add(0);
        for (int q = 0; q < order.size() && order.size() < DENSE_BUDGET; q++) {
            int st = order.get(q);
            for (int i = edgeStart[st]; i < edgeStart[st + 1] && order.size() < DENSE_BUDGET; i++) {
                order.add(edgeTarget[i]);
            }
        }
        dense = new int[order.size() * 128];
        for (int r = 0; r < order.size(); r++) {
            denseRow[order.get(r)] = r * 128;
        }
        for (int r = 0; r < order.size(); r++) {
            int st = order.get(r);
            for (char c = 0; c < 128; c++) {
                dense[r * 128 + c] = step(st, c);
            }
        }
    }

    /** The full transition (following failure links). */
    private int step(int s, char c) {
        int t;
        while ((t = child(s, c)) < 0 && s != 0) {
            s = fail[s];
        }
        return t < 0 ? 0 : t;
    }

    /** ASCII fast folding, full Unicode folding otherwise (same per-char rule as {@link Lower}). */
    private static char fold(char c) {
        if (c < 128) {
            return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
        }
        return Character.toLowerCase(c);
    }

    /** The child of {@code s} on {@code c}, or -1. */
    private int child(int s, char c) {
        if (s == 0 && c < 256) {
            int t = rootNext[c];
            return t == 0 ? -1 : t;
        }
        int lo = edgeStart[s], hi = edgeStart[s + 1] - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            char m = edgeChar[mid];
            if (m < c) {
                lo = mid + 1;
            } else if (m > c) {
                hi = mid - 1;
            } else {
                return edgeTarget[mid];
            }
        }
        return -1;
    }

    /** Reports every occurrence of every keyword in {@code text}. */
    /** Reports every occurrence of every keyword in {@code text}, folding the text on the fly. */
    void scan(String text, Hits hits) {
        int s = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = fold(text.charAt(i));
            int row = denseRow[s];
            if (row >= 0 && c < 128) {
                s = dense[row + c];
            } else {
                s = step(s, c);
            }
            int o = firstOut[s];
            while (o >= 0) {
                int k = outKeyword[o];
                hits.hit(k, i + 1 - keywordLength[k], i + 1);
                o = dictLink[o];
            }
        }
    }

    int states() {
        return fail.length;
    }
}
