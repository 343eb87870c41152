package io.centinela.yara;

import java.util.List;

/**
 * The result of scanning one buffer: the matches (possibly partial when the scan stopped early), how it ended,
 * and the facts an alert reports (bytes scanned, truncated, duration, strings that hit the per-string match cap).
 */
public record ScanOutcome(List<YaraMatch> matches, Status status, String error, long bytesScanned,
                          boolean truncated, long durationNanos, List<String> tooManyMatches) {

    public enum Status {
        OK,
        /** libyara's per-scan timeout fired. */
        TIMEOUT,
        /** The scan stopped after {@link ScanLimits#maxMatchesPerScan()} matching rules. */
        MATCH_LIMIT,
        /** Any other libyara error (see {@code error}). */
        ERROR
    }

    public ScanOutcome {
        matches = List.copyOf(matches);
        tooManyMatches = List.copyOf(tooManyMatches);
    }

    public boolean ok() {
        return status == Status.OK;
    }
}
