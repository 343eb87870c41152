package io.centinela.sigma.eval;

import org.ahocorasick.trie.PayloadTrie;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hand-tuned automaton must report exactly what org.ahocorasick (the reference) reports. */
class LiteralAutomatonTest {

    @Test
    void agreesWithOrgAhocorasickOnRandomInput() {
        Random rnd = new Random(42);
        String alphabet = "abcAB\\-:é";
        for (int round = 0; round < 200; round++) {
            Set<String> kw = new TreeSet<>();
            int n = 1 + rnd.nextInt(round < 100 ? 8 : 300);
            while (kw.size() < n) {
                kw.add(Lower.of(random(rnd, alphabet, 1 + rnd.nextInt(5))));
            }
            List<String> words = new ArrayList<>(kw);
            LiteralAutomaton mine = new LiteralAutomaton(words);
            PayloadTrie.PayloadTrieBuilder<Integer> b = PayloadTrie.builder();
            for (int i = 0; i < words.size(); i++) {
                b.addKeyword(words.get(i), i);
            }
            PayloadTrie<Integer> ref = b.build();
            for (int t = 0; t < 20; t++) {
                String text = random(rnd, alphabet, rnd.nextInt(60));
                Set<String> got = new TreeSet<>();
                mine.scan(text, (k, start, end) -> got.add(k + "@" + start + "-" + end));
                Set<String> want = new TreeSet<>();
                ref.parseText(Lower.of(text), emit -> {
                    want.add(emit.getPayload() + "@" + emit.getStart() + "-" + (emit.getEnd() + 1));
                    return true;
                });
                assertEquals(want, got, "keywords " + words + " text '" + text + "'");
            }
        }
    }

    /**
     * Thousands of keywords with long shared prefixes: most states have no dense row (the current engine's
     * failure-chain shortcut and char classes are exercised), non-ASCII text takes the slow path. Current,
     * reference and org.ahocorasick must agree, and scanBits must set exactly the bits the callback reports.
     */
    @Test
    void largeAutomataAgreeAcrossEnginesAndWithOrgAhocorasick() {
        Random rnd = new Random(7);
        String alphabet = "c:\\windowsystem32.exe-/ AB\u212Aé";
        Set<String> kw = new TreeSet<>();
        while (kw.size() < 12000) {
            kw.add(Lower.of("c:\\" + random(rnd, alphabet, 2 + rnd.nextInt(28))));
        }
        List<String> words = new ArrayList<>(kw);
        LiteralAutomaton current = new LiteralAutomaton(words, EngineVersion.CURRENT);
        LiteralAutomaton reference = new LiteralAutomaton(words, EngineVersion.REFERENCE);
        assertTrue(current.states() > (1 << 20) / 17, "the test needs states without a dense row: " + current.states());
        PayloadTrie.PayloadTrieBuilder<Integer> b = PayloadTrie.builder();
        for (int i = 0; i < words.size(); i++) {
            b.addKeyword(words.get(i), i);
        }
        PayloadTrie<Integer> ref = b.build();
        int[][][] payloads = new int[words.size()][][];
        for (int k = 0; k < words.size(); k++) {
            payloads[k] = new int[][] {{3 * k, 1}, {3 * k + 1, 2}, {3 * k + 2, 3}}; // contains, starts, ends
        }
        for (int t = 0; t < 400; t++) {
            String text = random(rnd, alphabet + "C:\\", rnd.nextInt(200));
            Set<String> got = new TreeSet<>();
            current.scan(text, (k, start, end) -> got.add(k + "@" + start + "-" + end));
            Set<String> old = new TreeSet<>();
            reference.scan(text, (k, start, end) -> old.add(k + "@" + start + "-" + end));
            Set<String> want = new TreeSet<>();
            ref.parseText(Lower.of(text), emit -> {
                want.add(emit.getPayload() + "@" + emit.getStart() + "-" + (emit.getEnd() + 1));
                return true;
            });
            assertEquals(want, got, "text '" + text + "'");
            assertEquals(want, old, "text '" + text + "'");
            long[] bits = new long[(3 * words.size() + 63) / 64];
            current.scanBits(text, payloads, bits);
            long[] expected = new long[bits.length];
            current.scan(text, (k, start, end) -> {
                expected[(3 * k) >>> 6] |= 1L << (3 * k);
                if (start == 0) {
                    expected[(3 * k + 1) >>> 6] |= 1L << (3 * k + 1);
                }
                if (end == text.length()) {
                    expected[(3 * k + 2) >>> 6] |= 1L << (3 * k + 2);
                }
            });
            assertTrue(java.util.Arrays.equals(expected, bits), "bits for '" + text + "'");
        }
    }

    @Test
    void foldsUpperCaseText() {
        LiteralAutomaton a = new LiteralAutomaton(List.of("mimikatz", "é"));
        List<Integer> hits = new ArrayList<>();
        a.scan("run MimiKatz É", (k, s, e) -> hits.add(k));
        assertEquals(List.of(0, 1), hits);
        assertFalse(a.states() < 2);
    }

    private static String random(Random rnd, String alphabet, int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) {
            sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
