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
    /**
     * States are numbered breadth-first, so the shallowest {@code denseCount} states own full rows. The reference
     * engine gave 1,024 rows of 128 ASCII chars to every automaton; the keyword automaton alone has 4,083 states,
     * so text that followed a common prefix (paths, command lines) fell to binary searches along the failure
     * chain, half the engine's time. The current engine maps ASCII chars to classes (chars in no keyword share
     * class 0) so a row has only as many entries as the keywords have distinct chars, and gives each automaton
     * up to {@value #DENSE_INTS} entries (4 MB): every state of all but the largest automata is dense.
     */
    private static final int REFERENCE_DENSE_BUDGET = 1024;
    private static final int DENSE_INTS = 1 << 20;
    private final int denseCount;
    private final boolean reference;
    /** Reference: row {@code s << 7 | c}; current: row {@code s * width + classOf[c]}. The next state, with the
     *  sign bit set when that state reports a keyword. */
    private final int[] dense;
    private final byte[] classOf = new byte[128]; // folded ASCII char -> class (current engine)
    private final int width;

    LiteralAutomaton(List<String> keywords) {
        this(keywords, EngineVersion.CURRENT);
    }

    LiteralAutomaton(List<String> keywords, EngineVersion version) {
        reference = version == EngineVersion.REFERENCE;
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
        if (reference) {
            width = 128;
            denseCount = Math.min(states, REFERENCE_DENSE_BUDGET);
            dense = new int[denseCount << 7];
            for (int st = 0; st < denseCount; st++) {
                for (char c = 0; c < 128; c++) {
                    int t = step(st, c);
                    dense[(st << 7) | c] = firstOut[t] >= 0 ? t | Integer.MIN_VALUE : t;
                }
            }
        } else {
            char[] classChar = new char[128];
            int w = 1; // class 0: chars that occur in no keyword (always back to the root, no output)
            for (char ch : edgeChar) {
                if (ch < 128 && classOf[ch] == 0) {
                    classChar[w] = ch;
                    classOf[ch] = (byte) w++;
                }
            }
            for (char c = 'A'; c <= 'Z'; c++) {
                classOf[c] = classOf[c + 32]; // keywords are folded: upper case reads as lower case
            }
            width = w;
            denseCount = Math.min(states, Math.max(1, DENSE_INTS / w));
            dense = new int[denseCount * w];
            // Row of s = its own edges over the row of fail[s] (shallower, hence already filled).
            for (int st = 0; st < denseCount; st++) {
                int row = st * w;
                if (st != 0) {
                    System.arraycopy(dense, fail[st] * w, dense, row, w);
                    for (int k = 1; k < w; k++) {
                        dense[row + k] &= Integer.MAX_VALUE; // re-flag below from the target itself
                    }
                }
                for (int k = 1; k < w; k++) {
                    int t = st == 0 ? Math.max(child(0, classChar[k]), 0) : childOr(st, classChar[k], dense[row + k]);
                    dense[row + k] = firstOut[t] >= 0 ? t | Integer.MIN_VALUE : t;
                }
            }
        }
    }

    /** The child of {@code s} on {@code c}, else {@code otherwise}. */
    private int childOr(int s, char c, int otherwise) {
        int t = child(s, c);
        return t >= 0 ? t : otherwise;
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
        if (reference) {
            scanReference(text, hits);
            return;
        }
        final int[] dense = this.dense;
        final int denseCount = this.denseCount;
        final byte[] classOf = this.classOf;
        final int width = this.width;
        int s = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            int t;
            if (c < 128) {
                t = s < denseCount ? dense[s * width + classOf[c]] : sparseStep(s, c);
            } else {
                s = step(s, Character.toLowerCase(c));
                t = firstOut[s] >= 0 ? s | Integer.MIN_VALUE : s;
            }
            s = t & Integer.MAX_VALUE;
            if (t < 0) {
                for (int o = firstOut[s]; o >= 0; o = dictLink[o]) {
                    int k = outKeyword[o];
                    hits.hit(k, i + 1 - keywordLength[k], i + 1);
                }
            }
        }
    }

    /**
     * The scan as {@link #scan}, setting literal bits directly (no callback): {@code payloads[k]} lists the
     * {bit, kind ordinal} pairs of keyword k; CONTAINS always hits, STARTS_WITH at offset 0, ENDS_WITH at the end.
     */
    void scanBits(String text, int[][][] payloads, long[] bits) {
        final int[] dense = this.dense;
        final int denseCount = this.denseCount;
        final byte[] classOf = this.classOf;
        final int width = this.width;
        final int n = text.length();
        int s = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            int t;
            if (c < 128) {
                t = s < denseCount ? dense[s * width + classOf[c]] : sparseStep(s, c);
            } else {
                s = step(s, Character.toLowerCase(c));
                t = firstOut[s] >= 0 ? s | Integer.MIN_VALUE : s;
            }
            s = t & Integer.MAX_VALUE;
            if (t < 0) {
                for (int o = firstOut[s]; o >= 0; o = dictLink[o]) {
                    int k = outKeyword[o];
                    for (int[] p : payloads[k]) {
                        int kind = p[1];
                        if (kind == 1 || kind == 2 && i + 1 == keywordLength[k] || kind == 3 && i + 1 == n) {
                            bits[p[0] >>> 6] |= 1L << p[0];
                        }
                    }
                }
            }
        }
    }

    /**
     * The transition from a state without a dense row on an ASCII char: its own edges, then the failure chain
     * until a state that has a dense row (failure links always lead to shallower states, so this is usually the
     * first link). Returns the next state with the sign bit set when it reports a keyword, like a dense row.
     */
    private int sparseStep(int s, char c) {
        char f = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
        while (true) {
            int t = child(s, f);
            if (t >= 0) {
                return firstOut[t] >= 0 ? t | Integer.MIN_VALUE : t;
            }
            s = fail[s];
            if (s < denseCount) {
                return dense[s * width + classOf[c]];
            }
        }
    }

    /** The reference engine's scan (sparse states follow the failure chain by binary search at every link). */
    private void scanReference(String text, Hits hits) {
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
