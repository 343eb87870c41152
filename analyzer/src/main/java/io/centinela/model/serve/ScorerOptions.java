package io.centinela.model.serve;

import java.nio.file.Path;

/**
 * Serving knobs.
 *
 * @param threads      ONNX Runtime intra-op threads (explicit: ORT ignores a bare SessionOptions object)
 * @param maxBatch     most sequences per inference call
 * @param maxWaitMicros how long the batcher waits for more requests after the first one arrives
 * @param cacheSize    template-cache entries: scores kept for repeated masked texts (W-TinyLFU, see ScoreCache); 0 disables it
 */
public record ScorerOptions(int threads, DeviceChoice.Mode device, MergedModel.Precision precision, int maxBatch,
                            long maxWaitMicros, int cacheSize, Path cacheDir) {

    public ScorerOptions {
        if (threads < 1 || maxBatch < 1 || maxWaitMicros < 0 || cacheSize < 0) {
            throw new IllegalArgumentException("threads and maxBatch must be >= 1, maxWait and cacheSize >= 0");
        }
    }

    public static ScorerOptions defaults() {
        return new ScorerOptions(2, DeviceChoice.Mode.AUTO, MergedModel.Precision.INT8, 32, 2000, 10_000,
                MergedModel.defaultCacheDir());
    }

    public ScorerOptions withPrecision(MergedModel.Precision p) {
        return new ScorerOptions(threads, device, p, maxBatch, maxWaitMicros, cacheSize, cacheDir);
    }

    public ScorerOptions withCacheSize(int size) {
        return new ScorerOptions(threads, device, precision, maxBatch, maxWaitMicros, size, cacheDir);
    }

    public ScorerOptions withMaxBatch(int size) {
        return new ScorerOptions(threads, device, precision, size, maxWaitMicros, cacheSize, cacheDir);
    }

    public ScorerOptions withDevice(DeviceChoice.Mode mode) {
        return new ScorerOptions(threads, mode, precision, maxBatch, maxWaitMicros, cacheSize, cacheDir);
    }

    public ScorerOptions withCacheDir(Path dir) {
        return new ScorerOptions(threads, device, precision, maxBatch, maxWaitMicros, cacheSize, dir);
    }

    public ScorerOptions withThreads(int n) {
        return new ScorerOptions(n, device, precision, maxBatch, maxWaitMicros, cacheSize, cacheDir);
    }
}
