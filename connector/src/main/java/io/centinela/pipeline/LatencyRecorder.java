package io.centinela.pipeline;

import java.util.Arrays;

/** End-to-end latencies (record timestamp -> done) in a fixed ring of samples; percentiles on demand. */
public final class LatencyRecorder {

    private final long[] samples = new long[1 << 16];
    private long count;

    public synchronized void record(long millis) {
        samples[(int) (count++ & (samples.length - 1))] = millis;
    }

    public synchronized void reset() {
        count = 0;
    }

    /** Percentile (0-100) of the retained samples in ms, or -1 without samples. */
    public synchronized long percentile(double p) {
        int n = (int) Math.min(count, samples.length);
        if (n == 0) {
            return -1;
        }
        long[] copy = Arrays.copyOf(samples, n);
        Arrays.sort(copy);
        return copy[Math.min(n - 1, (int) Math.ceil(p / 100.0 * n) - 1 < 0 ? 0 : (int) Math.ceil(p / 100.0 * n) - 1)];
    }
}
