package io.centinela.model.serve;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DynamicBatcherTest {

    @Test
    void batchesAreCutByPaddingAndSize() {
        // Equal lengths: only the size limit cuts.
        int[] same = new int[100];
        java.util.Arrays.fill(same, 40);
        assertEquals(64, DynamicBatcher.cut(same, 0, 64));
        assertEquals(100, DynamicBatcher.cut(same, 64, 64));
        // 10 short then long ones: padding the shorts to 120 would be far over 25 %, so the batch stops before.
        int[] mixed = {10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 120, 120, 120};
        assertEquals(10, DynamicBatcher.cut(mixed, 0, 64));
        assertEquals(13, DynamicBatcher.cut(mixed, 10, 64));
        // Fewer than 8 are never cut for padding (tiny batches cost more than the padding).
        int[] few = {5, 6, 100};
        assertEquals(3, DynamicBatcher.cut(few, 0, 64));
        // Every cut keeps padding within 25 % of the real tokens once a batch holds more than 8.
        int[] ramp = new int[300];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = 8 + i / 3;
        }
        int start = 0;
        while (start < ramp.length) {
            int end = DynamicBatcher.cut(ramp, start, 64);
            long real = 0;
            for (int i = start; i < end; i++) {
                real += ramp[i];
            }
            long padded = (long) ramp[end - 1] * (end - start);
            org.junit.jupiter.api.Assertions.assertTrue(end - start <= 8 || padded <= 1.25 * real,
                    "batch " + start + ".." + end + " pads " + padded + " for " + real);
            org.junit.jupiter.api.Assertions.assertTrue(end > start);
            start = end;
        }
    }
}
