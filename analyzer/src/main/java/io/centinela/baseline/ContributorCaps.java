package io.centinela.baseline;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many events each contributor (pseudonymous source/host/user key) gave the baseline in the current window
 * of event time, so that no single one can make its own traffic "normal": at most {@code perContributor} learned
 * events per window (0: no cap, for a build from vetted files). Only the current window is kept; an event of an
 * older window counts against the current one. At most {@code maxContributors} distinct contributors per window
 * are tracked: past that, new ones are refused until the window ends (a flood of forged sources cannot grow
 * memory or buy admission). Not thread-safe: {@link SiteBaseline} guards it.
 */
final class ContributorCaps {

    enum Verdict { ADMIT, CAPPED }

    private final long windowMillis;
    private final int perContributor;
    private final int maxContributors;
    private long window = Long.MIN_VALUE;
    private final TreeMap<String, Integer> counts = new TreeMap<>();

    ContributorCaps(long windowMillis, int perContributor, int maxContributors) {
        this.windowMillis = windowMillis;
        this.perContributor = perContributor;
        this.maxContributors = maxContributors;
    }

    Verdict admit(String contributor, long timeMillis) {
        if (perContributor <= 0) {
            return Verdict.ADMIT;
        }
        long w = Math.floorDiv(timeMillis, windowMillis);
        if (w > window) {
            window = w;
            counts.clear();
        }
        Integer n = counts.get(contributor);
        if (n == null && counts.size() >= maxContributors) {
            return Verdict.CAPPED;
        }
        int c = n == null ? 0 : n;
        if (c >= perContributor) {
            return Verdict.CAPPED;
        }
        counts.put(contributor, c + 1);
        return Verdict.ADMIT;
    }

    void write(DataOutput out) throws IOException {
        out.writeLong(window);
        out.writeInt(counts.size());
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeInt(e.getValue());
        }
    }

    void read(DataInput in) throws IOException {
        window = in.readLong();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            counts.put(in.readUTF(), in.readInt());
        }
    }
}
