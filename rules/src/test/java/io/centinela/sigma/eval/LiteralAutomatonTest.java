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
