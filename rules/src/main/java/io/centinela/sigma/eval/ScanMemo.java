package io.centinela.sigma.eval;

import java.util.Arrays;

/**
 * The literal bits one field's automaton found in a value, remembered by value for later events: Windows logs
 * repeat the same image paths, command lines, hashes and registry keys across thousands of events, and
 * comparing a string (a vectorised equals after a hash) is far cheaper than walking a multi-megabyte automaton
 * with one cache miss per char. Direct-mapped, {@value #SLOTS} slots; only values of {@value #MIN_LENGTH} to
 * {@value #MAX_LENGTH} chars (short ones scan faster than they hash, long ones are rarely repeated), so a memo
 * holds at most about 0.5 MB of strings. The result depends only on the value (the automaton is immutable), so
 * a hit gives the same bits as a scan. Current engine only. Not thread-safe: one per field per thread, owned by
 * the thread's {@link EventView}.
 */
final class ScanMemo {

    private static final int SLOTS = 1024;
    private static final int MIN_LENGTH = 16;
    private static final int MAX_LENGTH = 512;

    private final String[] keys = new String[SLOTS];
    private final int[][] results = new int[SLOTS][];
    private final long[] scratch;

    ScanMemo(int words) {
        scratch = new long[words];
    }

    static boolean worthIt(String value) {
        int n = value.length();
        return n >= MIN_LENGTH && n <= MAX_LENGTH;
    }

    /** ORs into {@code bits} what {@code lit.scan(value, folded, ...)} would set. */
    void scan(FieldLiterals lit, String value, String folded, long[] bits) {
        int slot = (value.hashCode() * 0x9E3779B9) >>> 22; // 10 bits
        int[] r;
        if (value.equals(keys[slot])) {
            r = results[slot];
        } else {
            Arrays.fill(scratch, 0L);
            lit.scan(value, folded, scratch);
            r = setBits(scratch);
            keys[slot] = value;
            results[slot] = r;
        }
        for (int b : r) {
            bits[b >>> 6] |= 1L << b;
        }
    }

    private static final int[] NONE = new int[0];

    private static int[] setBits(long[] words) {
        int count = 0;
        for (long w : words) {
            count += Long.bitCount(w);
        }
        if (count == 0) {
            return NONE;
        }
        int[] out = new int[count];
        int k = 0;
        for (int i = 0; i < words.length; i++) {
            long w = words[i];
            while (w != 0) {
                out[k++] = (i << 6) + Long.numberOfTrailingZeros(w);
                w &= w - 1;
            }
        }
        return out;
    }
}
