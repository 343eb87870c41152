package io.centinela.sigma.eval;

import org.ahocorasick.trie.PayloadEmit;
import org.ahocorasick.trie.PayloadTrie;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every case-insensitive literal test of all rules on one field, compiled once: equality through a hash map,
 * contains/startswith/endswith through one Aho-Corasick automaton. One pass over a value sets the bit of every
 * literal test it satisfies; identical tests from different rules share a bit. Immutable after {@link #seal()}.
 */
public final class FieldLiterals {

    private record Key(LiteralKind kind, String text) {
    }

    private final Map<Key, Integer> ids = new LinkedHashMap<>();
    private final Map<String, List<int[]>> byKeyword = new HashMap<>(); // keyword -> {bit, kind ordinal}
    private final Map<String, int[]> equals = new HashMap<>();
    private Map<String, List<Integer>> equalsBuild = new HashMap<>();
    private PayloadTrie<int[][]> trie;
    private int size;

    /** Registers a literal (already folded with {@link Lower}) and returns its bit index on this field. */
    public int add(LiteralKind kind, String folded) {
        if (trie != null) {
            throw new IllegalStateException("sealed");
        }
        if (folded.isEmpty() && kind != LiteralKind.EQUALS) {
            throw new IllegalArgumentException("empty " + kind + " literal");
        }
        Key key = new Key(kind, folded);
        Integer id = ids.get(key);
        if (id != null) {
            return id;
        }
        id = size++;
        ids.put(key, id);
        if (kind == LiteralKind.EQUALS) {
            equalsBuild.computeIfAbsent(folded, k -> new ArrayList<>()).add(id);
        } else {
            byKeyword.computeIfAbsent(folded, k -> new ArrayList<>()).add(new int[] {id, kind.ordinal()});
        }
        return id;
    }

    public int size() {
        return size;
    }

    public int automatonKeywords() {
        return byKeyword.size();
    }

    void seal() {
        for (var e : equalsBuild.entrySet()) {
            equals.put(e.getKey(), e.getValue().stream().mapToInt(Integer::intValue).toArray());
        }
        equalsBuild = null;
        PayloadTrie.PayloadTrieBuilder<int[][]> b = PayloadTrie.builder();
        for (var e : byKeyword.entrySet()) {
            b.addKeyword(e.getKey(), e.getValue().toArray(new int[0][]));
        }
        trie = b.build();
        byKeyword.clear();
    }

    /** Sets in {@code bits} the index of every literal the folded value satisfies. */
    void scan(String folded, long[] bits) {
        int[] eq = equals.get(folded);
        if (eq != null) {
            for (int id : eq) {
                bits[id >>> 6] |= 1L << id;
            }
        }
        if (folded.isEmpty()) {
            return;
        }
        int last = folded.length() - 1;
        trie.parseText(folded, (PayloadEmit<int[][]> emit) -> {
            for (int[] t : emit.getPayload()) {
                int id = t[0];
                boolean hit = switch (t[1]) {
                    case 1 -> true; // CONTAINS
                    case 2 -> emit.getStart() == 0; // STARTS_WITH
                    default -> emit.getEnd() == last; // ENDS_WITH
                };
                if (hit) {
                    bits[id >>> 6] |= 1L << id;
                }
            }
            return true;
        });
    }
}
