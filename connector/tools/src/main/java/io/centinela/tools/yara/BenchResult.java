package io.centinela.tools.yara;

import java.util.List;

/** One bench cell: scans of one buffer size with one rule set on N threads, by the binding or the reference. */
record BenchResult(List<ThreadResult> threads, int bufferBytes, double wallSeconds) {

    /** What one thread did: scans, its own CPU time (ns), matching rules reported. */
    record ThreadResult(long scans, long cpuNanos, long matches) {
    }

    long scans() {
        return threads.stream().mapToLong(ThreadResult::scans).sum();
    }

    double cpuSeconds() {
        return threads.stream().mapToLong(ThreadResult::cpuNanos).sum() / 1e9;
    }

    /** Megabytes (10^6 bytes) scanned per CPU-second, summed over threads. */
    double mbPerCpuSecond() {
        return scans() * (double) bufferBytes / 1e6 / cpuSeconds();
    }

    double scansPerCpuSecond() {
        return scans() / cpuSeconds();
    }

    double scansPerWallSecond() {
        return scans() / wallSeconds;
    }

    double matchesPerScan() {
        return threads.stream().mapToLong(ThreadResult::matches).sum() / (double) Math.max(1, scans());
    }
}
