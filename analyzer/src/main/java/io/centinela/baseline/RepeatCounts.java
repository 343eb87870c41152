package io.centinela.baseline;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How often each exact (masked) text was learned, per UTC day over a sliding window of {@code days} days: the
 * "seen 4,120 times in the last 7 days" of an alert reason. Bounded: at most {@code capacity} texts; the text
 * learned least recently is forgotten first (insertion order, refreshed on every learn, so reads never reorder
 * and a saved file reloads identically). Counts only learned events, so a capped contributor cannot inflate
 * them. Not thread-safe: the owning {@link KindBaseline} guards it.
 */
final class RepeatCounts {

    /** Day buckets of one text; {@code counts[d % days]} holds day {@code d} for d in (lastDay - days, lastDay]. */
    private static final class Entry {
        final int[] counts;
        long lastDay;

        Entry(int days, long day) {
            this.counts = new int[days];
            this.lastDay = day;
        }
    }

    private final int days;
    private final int capacity;
    private final LinkedHashMap<Long, Entry> map;

    RepeatCounts(int days, int capacity) {
        this.days = days;
        this.capacity = capacity;
        this.map = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Entry> eldest) {
                return size() > RepeatCounts.this.capacity;
            }
        };
    }

    void add(long hash, long day) {
        Entry e = map.remove(hash);
        if (e == null) {
            e = new Entry(days, day);
        }
        if (day > e.lastDay) {
            for (long d = Math.max(e.lastDay + 1, day - days + 1); d <= day; d++) {
                e.counts[(int) Math.floorMod(d, (long) days)] = 0;
            }
            e.lastDay = day;
        }
        if (day > e.lastDay - days) {
            e.counts[(int) Math.floorMod(day, (long) days)]++;
        }
        map.put(hash, e);
    }

    /** Times learned in the window of {@code days} days ending on {@code day}. */
    long count(long hash, long day) {
        Entry e = map.get(hash);
        if (e == null) {
            return 0;
        }
        long sum = 0;
        for (long d = Math.max(day - days + 1, e.lastDay - days + 1); d <= Math.min(day, e.lastDay); d++) {
            sum += e.counts[(int) Math.floorMod(d, (long) days)];
        }
        return sum;
    }

    int size() {
        return map.size();
    }

    void write(DataOutput out) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<Long, Entry> e : map.entrySet()) {
            out.writeLong(e.getKey());
            out.writeLong(e.getValue().lastDay);
            for (int c : e.getValue().counts) {
                out.writeInt(c);
            }
        }
    }

    void read(DataInput in) throws IOException {
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            long hash = in.readLong();
            Entry e = new Entry(days, in.readLong());
            for (int d = 0; d < days; d++) {
                e.counts[d] = in.readInt();
            }
            map.put(hash, e);
        }
    }
}
