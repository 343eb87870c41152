package io.centinela.sigma.eval;

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
    private LiteralAutomaton automaton;
    private int[][][] payloads; // keyword index -> {bit, kind} pairs
    private int size;
    private final EngineVersion version;

    FieldLiterals(EngineVersion version) {
        this.version = version;
    }

    /** Registers a literal (already folded with {@link Lower}) and returns its bit index on this field. */
    public int add(LiteralKind kind, String folded) {
        if (automaton != null) {
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

    /** Keywords in the automaton (after sealing). */
    public int automatonKeywords() {
        return payloads == null ? byKeyword.size() : payloads.length;
    }

    void seal() {
        if (automaton != null) {
            return;
        }
        for (var e : equalsBuild.entrySet()) {
            equals.put(e.getKey(), e.getValue().stream().mapToInt(Integer::intValue).toArray());
        }
        equalsBuild = null;
        List<String> words = new ArrayList<>(byKeyword.keySet());
        payloads = new int[words.size()][][];
        for (int i = 0; i < words.size(); i++) {
            payloads[i] = byKeyword.get(words.get(i)).toArray(new int[0][]);
        }
        automaton = new LiteralAutomaton(words, version);
        byKeyword.clear();
    }

    /** Whether scan results are remembered by value across events ({@link ScanMemo}, current engine). */
    boolean memoized() {
        return version == EngineVersion.CURRENT;
    }

    /** Whether {@link #scan(String, String, long[])} reads the folded value (current engine, equality tests). */
    boolean usesFolded() {
        return version == EngineVersion.CURRENT && !equals.isEmpty();
    }

    /** Sets in {@code bits} the index of every literal the value satisfies (folding is done here). */
    void scan(String value, long[] bits) {
        scan(value, null, bits);
    }

    /**
     * As {@link #scan(String, long[])}, with the value's folded form when the caller has it cached (the current
     * engine reuses the per-event folded values instead of folding and hashing a fresh copy).
     */
    void scan(String value, String folded, long[] bits) {
        if (!equals.isEmpty()) {
            int[] eq = equals.get(folded != null && version == EngineVersion.CURRENT ? folded : Lower.of(value));
            if (eq != null) {
                for (int id : eq) {
                    bits[id >>> 6] |= 1L << id;
                }
            }
        }
        if (value.isEmpty() || payloads.length == 0) {
            return;
        }
        if (version == EngineVersion.CURRENT) {
            automaton.scanBits(value, payloads, bits);
            return;
        }
        int len = value.length();
        automaton.scan(value, (k, start, end) -> {
            for (int[] t : payloads[k]) {
                boolean hit = switch (t[1]) {
                    case 1 -> true; // CONTAINS
                    case 2 -> start == 0; // STARTS_WITH
                    default -> end == len; // ENDS_WITH
                };
                if (hit) {
                    bits[t[0] >>> 6] |= 1L << t[0];
                }
            }
        });
    }
}
