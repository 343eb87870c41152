package io.centinela.sigma.eval;

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
    /** States are numbered breadth-first, so the shallowest {@code denseCount} states own full ASCII rows. */
    private static final int DENSE_BUDGET = 1024;
    private final int denseCount;
    /** Row {@code s << 7 | c}: the next state, with the sign bit set when that state reports a keyword. */
    private final int[] dense;

    LiteralAutomaton(List<String> keywords) {
        // 1. Trie in insertion numbering: (state, char) -> state.
        Map<Long, Integer> gotoMap = new HashMap<>();
        List<Integer> out0 = new ArrayList<>();
        out0.add(-1);
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
                    out0.add(-1);
                }
                s = t;
            }
            if (out0.get(s) != -1) {
                throw new IllegalArgumentException("duplicate keyword '" + w + "'");
            }
            out0.set(s, k);
        }
        // 2. Children per state, then breadth-first renumbering (root stays 0).
        List<List<long[]>> children = new ArrayList<>();
        for (int i = 0; i < states; i++) {
            children.add(new ArrayList<>());
        }
        for (var e : gotoMap.entrySet()) {
            children.get((int) (e.getKey() >>> 16)).add(new long[] {e.getKey() & 0xffff, e.getValue()});
        }
        int[] perm = new int[states];
        int[] order = new int[states];
        int n = 0;
        order[n++] = 0;
        for (int q = 0; q < n; q++) {
            List<long[]> ch = children.get(order[q]);
            ch.sort((a, b) -> Long.compare(a[0], b[0]));
            for (long[] c : ch) {
                order[n++] = (int) c[1];
            }
        }
        for (int i = 0; i < states; i++) {
            perm[order[i]] = i;
        }
        // 3. Flat edges in the new numbering (chars sorted within a state).
        edgeStart = new int[states + 1];
        edgeChar = new char[gotoMap.size()];
        edgeTarget = new int[gotoMap.size()];
        outKeyword = new int[states];
        int e = 0;
        for (int ns = 0; ns < states; ns++) {
            int old = order[ns];
            outKeyword[ns] = out0.get(old);
            edgeStart[ns] = e;
            for (long[] c : children.get(old)) {
                edgeChar[e] = (char) c[0];
                edgeTarget[e] = perm[(int) c[1]];
                e++;
            }
        }
        edgeStart[states] = e;
        for (int i = edgeStart[0]; i < edgeStart[1]; i++) {
            if (edgeChar[i] < 256) {
                rootNext[edgeChar[i]] = edgeTarget[i];
            }
        }
        // 4. Failure and dictionary links in breadth-first order (= increasing state number).
        fail = new int[states];
        dictLink = new int[states];
        Arrays.fill(dictLink, -1);
        for (int s = 0; s < states; s++) {
            for (int i = edgeStart[s]; i < edgeStart[s + 1]; i++) {
                int t = edgeTarget[i];
                if (s != 0) {
                    char c = edgeChar[i];
                    int f = fail[s];
                    int g;
                    while ((g = child(f, c)) < 0 && f != 0) {
                        f = fail[f];
                    }
                    fail[t] = g < 0 ? 0 : g;
                }
                int ft = fail[t];
                dictLink[t] = outKeyword[ft] >= 0 ? ft : dictLink[ft];
            }
        }
        firstOut = new int[states];
        for (int st = 0; st < states; st++) {
            firstOut[st] = outKeyword[st] >= 0 ? st : dictLink[st];
        }
        // 5. Dense ASCII rows for the shallowest states, outputs flagged in the sign bit.
        denseCount = Math.min(states, DENSE_BUDGET);
        dense = new int[denseCount << 7];
        for (int st = 0; st < denseCount; st++) {
            for (char c = 0; c < 128; c++) {
                int t = step(st, c);
                dense[(st << 7) | c] = firstOut[t] >= 0 ? t | Integer.MIN_VALUE : t;
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

    /** Reports every occurrence of every keyword in {@code text}, folding the text on the fly. */
    void scan(String text, Hits hits) {
        final int[] dense = this.dense;
        final int denseCount = this.denseCount;
        int s = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            boolean out;
            if (c < 128 && s < denseCount) {
                if (c >= 'A' && c <= 'Z') {
                    c += 32;
                }
                int t = dense[(s << 7) | c];
                out = t < 0;
                s = t & Integer.MAX_VALUE;
            } else {
                s = step(s, c < 128 ? (c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) : Character.toLowerCase(c));
                out = firstOut[s] >= 0;
            }
            if (out) {
                for (int o = firstOut[s]; o >= 0; o = dictLink[o]) {
                    int k = outKeyword[o];
                    hits.hit(k, i + 1 - keywordLength[k], i + 1);
                }
            }
        }
    }

    int states() {
        return fail.length;
    }
}
