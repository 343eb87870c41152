package io.centinela.yara;

/**
 * Per-scan limits.
 *
 * @param timeoutSeconds      libyara's per-scan timeout (whole seconds; 0 = none)
 * @param maxBytesPerField    bytes of one field scanned at most; the rest is cut and the outcome marked truncated
 * @param excerptBytes        bytes of each matched string kept as an excerpt
 * @param maxMatchesPerScan   matching rules reported per scan at most (the scan stops there)
 * @param maxStringMatches    matches kept per string of a matching rule
 */
public record ScanLimits(int timeoutSeconds, int maxBytesPerField, int excerptBytes, int maxMatchesPerScan,
                         int maxStringMatches) {

    public static final ScanLimits DEFAULT = new ScanLimits(5, 4 << 20, 64, 100, 16);

    public ScanLimits {
        require(timeoutSeconds >= 0, "timeoutSeconds must be >= 0");
        require(maxBytesPerField > 0, "maxBytesPerField must be > 0");
        require(excerptBytes >= 0 && excerptBytes <= 512, "excerptBytes must be 0..512 (libyara keeps 512 bytes per match)");
        require(maxMatchesPerScan > 0, "maxMatchesPerScan must be > 0");
        require(maxStringMatches > 0, "maxStringMatches must be > 0");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("YARA scan limits: " + message);
        }
    }

    public ScanLimits withTimeoutSeconds(int seconds) {
        return new ScanLimits(seconds, maxBytesPerField, excerptBytes, maxMatchesPerScan, maxStringMatches);
    }

    public ScanLimits withMaxBytesPerField(int bytes) {
        return new ScanLimits(timeoutSeconds, bytes, excerptBytes, maxMatchesPerScan, maxStringMatches);
    }
}
