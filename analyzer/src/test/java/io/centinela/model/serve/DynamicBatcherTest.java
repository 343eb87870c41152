package io.centinela.model.serve;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DynamicBatcherTest {

    @Test
    void lengthBuckets() {
        assertEquals(16, DynamicBatcher.bucketOf(3));
        assertEquals(16, DynamicBatcher.bucketOf(16));
        assertEquals(32, DynamicBatcher.bucketOf(17));
        assertEquals(96, DynamicBatcher.bucketOf(65));
        assertEquals(Integer.MAX_VALUE, DynamicBatcher.bucketOf(600));
    }

    @Test
    void cacheIsBoundedLru() {
        ScoreCache c = new ScoreCache(2);
        c.put("a", 0.1f);
        c.put("b", 0.2f);
        c.get("a");
        c.put("c", 0.3f);
        assertEquals(2, c.size());
        assertEquals(0.1f, c.get("a"));
        assertEquals(null, c.get("b"), "least recently used entry evicted");
    }
}
