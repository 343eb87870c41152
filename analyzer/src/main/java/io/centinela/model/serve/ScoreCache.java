package io.centinela.model.serve;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Bounded LRU cache of scores by rendered text. Thread-safe (one lock; lookups are cheap next to inference). */
public final class ScoreCache {

    private final int capacity;
    private final Map<String, Float> map;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    public ScoreCache(int capacity) {
        this.capacity = capacity;
        this.map = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Float> eldest) {
                return size() > ScoreCache.this.capacity;
            }
        };
    }

    public Float get(String text) {
        if (capacity == 0) {
            return null;
        }
        Float v;
        synchronized (map) {
            v = map.get(text);
        }
        (v == null ? misses : hits).incrementAndGet();
        return v;
    }

    public void put(String text, float score) {
        if (capacity == 0) {
            return;
        }
        synchronized (map) {
            map.put(text, score);
        }
    }

    public int size() {
        synchronized (map) {
            return map.size();
        }
    }

    public long hits() {
        return hits.get();
    }

    public long misses() {
        return misses.get();
    }
}
