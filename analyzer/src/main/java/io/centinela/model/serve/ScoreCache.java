package io.centinela.model.serve;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The template cache: events whose rendered text is identical (the rendering already masks GUIDs, SIDs, hashes and
 * long numbers, so "the same event shape" is one text) are scored once. One cache per loaded model package, shared
 * by every worker; a package swap makes a new scorer and so a new cache, so a score never outlives its model.
 * <p>
 * Keys are the first 128 bits of the text's SHA-256, not the text: memory is bounded by the entry count whatever the
 * texts' length, and a collision (2^-64 odds at a billion entries) could only reuse another text's score. Eviction is
 * Caffeine's W-TinyLFU, which keeps the frequent templates a stream is made of when a burst of one-off texts passes.
 * An entry may also hold the pooled sentence embedding its score came from (384 floats, ~1.5 KB: ~15 MB at the
 * default 10,000 entries), so the site baseline of a repeated text costs no second forward pass.
 * Thread-safe.
 */
public final class ScoreCache {

    private final int capacity;
    private final Cache<Key, Entry> cache;

    /** A cached score and, when it was computed through the embedding path, its pooled embedding (else null). */
    public record Entry(float score, float[] embedding) {
    }

    public ScoreCache(int capacity) {
        this.capacity = capacity;
        this.cache = Caffeine.newBuilder().maximumSize(Math.max(0, capacity)).recordStats().build();
    }

    /** 128 bits of SHA-256 of the text (UTF-8). */
    record Key(long hi, long lo) {
        static Key of(String text) {
            MessageDigest md = io.centinela.model.pkg.Sha256.digest();
            byte[] d = md.digest(text.getBytes(StandardCharsets.UTF_8));
            ByteBuffer b = ByteBuffer.wrap(Arrays.copyOf(d, 16));
            return new Key(b.getLong(), b.getLong());
        }
    }

    public Float get(String text) {
        if (capacity == 0) {
            return null;
        }
        Entry e = cache.getIfPresent(Key.of(text));
        return e == null ? null : e.score();
    }

    /** The entry of {@code text} if it holds an embedding, else null (a miss: encode it through the embedding path). */
    public Entry getEmbedded(String text) {
        if (capacity == 0) {
            return null;
        }
        Entry e = cache.getIfPresent(Key.of(text));
        return e == null || e.embedding() == null ? null : e;
    }

    public void put(String text, float score) {
        put(text, score, null);
    }

    /** {@code embedding} null: a score only. The array is stored as given: callers must not change it. */
    public void put(String text, float score, float[] embedding) {
        if (capacity == 0) {
            return;
        }
        cache.put(Key.of(text), new Entry(score, embedding));
    }

    /** Entries held now (at most the capacity, once Caffeine's asynchronous maintenance has run). */
    public long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    public int capacity() {
        return capacity;
    }

    public long hits() {
        return cache.stats().hitCount();
    }

    public long misses() {
        return cache.stats().missCount();
    }

    /** Hits / lookups since the cache was made; 0 before the first lookup. */
    public double hitRate() {
        long n = hits() + misses();
        return n == 0 ? 0 : (double) hits() / n;
    }
}
