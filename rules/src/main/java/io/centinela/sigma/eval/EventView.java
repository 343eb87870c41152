package io.centinela.sigma.eval;

import io.centinela.event.Event;

import java.util.List;

/**
 * Per-thread, per-event evaluation state: field values by field id, their folded forms and the literal hit bits,
 * each computed on first use and invalidated by bumping a generation counter (no clearing, no allocation per
 * event once warm). Not thread-safe: one instance per thread.
 */
public final class EventView {

    private static final String[] NONE = new String[0];

    private final String[] names;
    private final FieldLiterals[] literals;
    private final String[][] values;
    private final String[][] folded;
    private final long[][] hits;
    private final int[] valuesGen;
    private final int[] foldedGen;
    private final int[] hitsGen;
    private final ScanMemo[] memos;
    private int gen;
    private Event event;
    private long literalScans;

    EventView(String[] names, FieldLiterals[] literals) {
        this.names = names;
        this.literals = literals;
        int n = names.length;
        values = new String[n][];
        folded = new String[n][];
        hits = new long[n][];
        valuesGen = new int[n];
        foldedGen = new int[n];
        hitsGen = new int[n];
        memos = new ScanMemo[n];
    }

    void reset(Event e) {
        event = e;
        if (++gen == 0) { // wrapped: clear stamps so stale entries are never taken as current
            java.util.Arrays.fill(valuesGen, 0);
            java.util.Arrays.fill(foldedGen, 0);
            java.util.Arrays.fill(hitsGen, 0);
            gen = 1;
        }
    }

    public Event event() {
        return event;
    }

    /** The name for reports: the keyword pseudo-field reads "keywords". */
    public String fieldName(int field) {
        return names[field].equals(FieldTable.ALL_VALUES) ? "keywords" : names[field];
    }

    /** The field's values (empty when absent). */
    public String[] values(int field) {
        if (valuesGen[field] != gen) {
            valuesGen[field] = gen;
            Object v = names[field].equals(FieldTable.ALL_VALUES) ? allValues() : event.fields().get(names[field]);
            if (v == null) {
                values[field] = NONE;
            } else if (v instanceof String s) {
                values[field] = new String[] {s};
            } else {
                @SuppressWarnings("unchecked")
                List<String> l = (List<String>) v;
                values[field] = l.toArray(NONE);
            }
        }
        return values[field];
    }

    /** Every value of every field: what keyword searches look through. */
    private List<String> allValues() {
        List<String> out = new java.util.ArrayList<>(event.fields().size() + 8);
        for (Object o : event.fields().values()) {
            if (o instanceof String s) {
                out.add(s);
            } else {
                @SuppressWarnings("unchecked")
                List<String> l = (List<String>) o;
                out.addAll(l);
            }
        }
        return out;
    }

    public boolean present(int field) {
        if (valuesGen[field] != gen && names[field].equals(FieldTable.ALL_VALUES)) {
            return !event.fields().isEmpty();
        }
        return values(field).length > 0;
    }

    /** The field's values folded with {@link Lower}. */
    public String[] folded(int field) {
        if (foldedGen[field] != gen) {
            foldedGen[field] = gen;
            String[] raw = values(field);
            String[] f = raw.length == 0 ? NONE : new String[raw.length];
            for (int i = 0; i < raw.length; i++) {
                f[i] = Lower.of(raw[i]);
            }
            folded[field] = f;
        }
        return folded[field];
    }

    /** Whether any value of the field satisfies literal {@code bit} of that field. */
    public boolean hit(int field, int bit) {
        return (hitBits(field)[bit >>> 6] & (1L << bit)) != 0;
    }

    long[] hitBits(int field) {
        if (hitsGen[field] != gen) {
            hitsGen[field] = gen;
            FieldLiterals lit = literals[field];
            long[] bits = hits[field];
            if (bits == null) {
                bits = new long[(lit.size() + 63) >>> 6];
                hits[field] = bits;
            } else {
                java.util.Arrays.fill(bits, 0L);
            }
            ScanMemo memo = null;
            if (lit.memoized()) {
                memo = memos[field];
                if (memo == null) {
                    memo = new ScanMemo(bits.length);
                    memos[field] = memo;
                }
            }
            if (names[field].equals(FieldTable.ALL_VALUES)) {
                scanAllValues(lit, bits, memo); // keywords: no intermediate array of every value
            } else {
                String[] vals = values(field);
                String[] f = lit.usesFolded() ? folded(field) : null;
                for (int i = 0; i < vals.length; i++) {
                    scan(lit, vals[i], f == null ? null : f[i], bits, memo);
                }
            }
        }
        return hits[field];
    }

    private void scanAllValues(FieldLiterals lit, long[] bits, ScanMemo memo) {
        for (Object o : event.fields().values()) {
            if (o instanceof String s) {
                scan(lit, s, null, bits, memo);
            } else {
                @SuppressWarnings("unchecked")
                List<String> l = (List<String>) o;
                for (String s : l) {
                    scan(lit, s, null, bits, memo);
                }
            }
        }
    }

    private void scan(FieldLiterals lit, String value, String folded, long[] bits, ScanMemo memo) {
        if (memo != null && ScanMemo.worthIt(value)) {
            memo.scan(lit, value, folded, bits);
        } else {
            lit.scan(value, folded, bits);
        }
        literalScans++;
    }

    /** Values scanned by literal automata since this view was created (for the benchmark). */
    public long literalScans() {
        return literalScans;
    }
}
