package io.centinela.hec;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-event result of {@link HecClient#send}: delivered (HTTP 200, or indexer ack when enabled) or rejected as bad
 * data with the reason (the caller dead-letters those). Every index ends in exactly one of the two.
 */
public final class HecOutcome {

    private final boolean[] delivered;
    private final Map<Integer, String> rejected = new TreeMap<>();

    HecOutcome(int size) {
        delivered = new boolean[size];
    }

    void deliver(int from, int to) {
        Arrays.fill(delivered, from, to, true);
    }

    void reject(int index, String reason) {
        rejected.put(index, reason);
    }

    public int size() {
        return delivered.length;
    }

    public boolean delivered(int index) {
        return delivered[index];
    }

    /** Index -> reason for events HEC refused as bad data. */
    public Map<Integer, String> rejected() {
        return rejected;
    }

    public int deliveredCount() {
        int n = 0;
        for (boolean b : delivered) {
            n += b ? 1 : 0;
        }
        return n;
    }
}
