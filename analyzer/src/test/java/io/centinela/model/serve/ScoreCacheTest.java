package io.centinela.model.serve;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScoreCacheTest {

    @Test
    void identicalTextsHitDifferentTextsMiss() {
        ScoreCache c = new ScoreCache(100);
        assertNull(c.get("EventID=1 Image=C:\\Windows\\notepad.exe"));
        c.put("EventID=1 Image=C:\\Windows\\notepad.exe", 0.25f);
        assertEquals(0.25f, c.get("EventID=1 Image=C:\\Windows\\notepad.exe"));
        assertNull(c.get("EventID=1 Image=C:\\Windows\\notepad.EXE"), "one character apart is another template");
        assertEquals(1, c.hits());
        assertEquals(2, c.misses());
        assertEquals(1.0 / 3, c.hitRate(), 1e-9);
    }

    @Test
    void boundedByEntriesWhateverTheTextLength() {
        ScoreCache c = new ScoreCache(50);
        String big = "x".repeat(10_000);
        for (int i = 0; i < 5_000; i++) {
            c.put(big + i, i);
        }
        assertTrue(c.size() <= 50, "size " + c.size());
        assertEquals(50, c.capacity());
    }

    @Test
    void frequentTemplatesSurviveABurstOfOneOffTexts() {
        ScoreCache c = new ScoreCache(100);
        for (int round = 0; round < 20; round++) {
            for (int t = 0; t < 50; t++) {
                String k = "template " + t;
                if (c.get(k) == null) {
                    c.put(k, t);
                }
            }
        }
        for (int i = 0; i < 10_000; i++) {
            c.put("one-off " + i, 0f); // a scan or a flood of unique texts
        }
        int kept = 0;
        for (int t = 0; t < 50; t++) {
            kept += c.get("template " + t) != null ? 1 : 0;
        }
        // An LRU keeps none of them after 10,000 newer entries; admission is randomised a little (hash-flooding
        // protection), so the bound is loose.
        assertTrue(kept >= 20, "W-TinyLFU keeps the frequent templates: " + kept + " of 50 kept");
    }

    @Test
    void capacityZeroDisablesIt() {
        ScoreCache c = new ScoreCache(0);
        c.put("a", 1f);
        assertNull(c.get("a"));
        assertEquals(0, c.hits() + c.misses());
    }
}
