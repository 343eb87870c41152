package io.centinela.kafka;

import io.centinela.pipeline.Slot;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The at-least-once core alone (no broker): what may be committed, and when. */
class OffsetLedgerTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    private static List<ConsumerRecord<byte[], byte[]>> records(TopicPartition tp, long from, int n) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new ConsumerRecord<>(tp.topic(), tp.partition(), from + i, null, new byte[] {(byte) i}));
        }
        return out;
    }

    private static long position(OffsetLedger ledger, TopicPartition tp) {
        OffsetAndMetadata om = ledger.committable().get(tp);
        return om == null ? -1 : om.offset();
    }

    @Test
    void outOfOrderCompletionCommitsOnlyTheContiguousPrefix() {
        OffsetLedger ledger = new OffsetLedger();
        List<Slot> s = ledger.add(P0, records(P0, 100, 5));
        assertEquals(100, position(ledger, P0), "nothing done yet: the position stays at the first offset read");
        s.get(3).markDone();
        s.get(1).markDone();
        assertEquals(100, position(ledger, P0), "later records done first must not move the position");
        s.get(0).markDone();
        assertEquals(102, position(ledger, P0), "0 and 1 are done, 2 is not");
        s.get(2).markDone();
        assertEquals(104, position(ledger, P0));
        s.get(4).markDone();
        assertEquals(105, position(ledger, P0), "all done: one past the last offset read");
        assertEquals(0, ledger.pending());
    }

    @Test
    void aConfirmedCommitIsNotOfferedAgainAndMarkDoneIsIdempotent() {
        OffsetLedger ledger = new OffsetLedger();
        List<Slot> s = ledger.add(P0, records(P0, 0, 2));
        s.get(0).markDone();
        s.get(0).markDone();
        assertEquals(1, ledger.pending(), "a second markDone must not count twice");
        Map<TopicPartition, OffsetAndMetadata> c = ledger.committable();
        assertEquals(1, c.get(P0).offset());
        ledger.committed(c);
        assertNull(ledger.committable().get(P0), "nothing new since the confirmed commit");
        assertNull(s.get(0).record(), "a done slot lets go of its record");
        assertTrue(s.get(1).record() != null, "a pending slot keeps its bytes for the DLQ");
    }

    @Test
    void revokeDropsInFlightWorkAndLateCompletionsAreIgnored() {
        OffsetLedger ledger = new OffsetLedger();
        List<Slot> p0 = ledger.add(P0, records(P0, 0, 3));
        List<Slot> p1 = ledger.add(P1, records(P1, 0, 2));
        p0.get(0).markDone();
        ledger.revoke(List.of(P0));
        assertFalse(p0.get(1).live(), "revoked work is dropped: the new owner re-reads it");
        assertTrue(p1.get(0).live());
        p0.get(1).markDone(); // a worker finishing late
        assertNull(ledger.committable().get(P0), "a revoked partition is never committed by this consumer");
        assertEquals(2, ledger.pending(), "only P1's two records are still pending");
    }

    @Test
    void afterARebalanceTheNewAssignmentStartsFromWhatItReads() {
        OffsetLedger ledger = new OffsetLedger();
        List<Slot> first = ledger.add(P0, records(P0, 0, 4));
        first.get(0).markDone();
        first.get(1).markDone();
        ledger.committed(ledger.committable()); // committed 2
        ledger.revoke(List.of(P0));
        // P0 comes back (same or another consumer committed 2): reading resumes at 2 and re-delivers 2 and 3.
        List<Slot> again = ledger.add(P0, records(P0, 2, 2));
        assertEquals(2, position(ledger, P0), "a fresh tracker: position is the first offset re-read");
        first.get(2).markDone(); // the old slot, completed late, must not advance the new tracker
        assertEquals(2, position(ledger, P0));
        again.get(0).markDone();
        again.get(1).markDone();
        assertEquals(4, position(ledger, P0));
    }

    @Test
    void concurrentCompletionNeverCommitsPastAPendingRecord() throws Exception {
        for (int round = 0; round < 20; round++) {
            OffsetLedger ledger = new OffsetLedger();
            List<Slot> s = ledger.add(P0, records(P0, 0, 2000));
            int hole = new Random(round).nextInt(2000);
            List<Slot> others = new ArrayList<>(s);
            others.remove(hole);
            Collections.shuffle(others, new Random(round));
            ExecutorService pool = Executors.newFixedThreadPool(4);
            CountDownLatch go = new CountDownLatch(1);
            for (int w = 0; w < 4; w++) {
                int from = w * others.size() / 4;
                int to = (w + 1) * others.size() / 4;
                pool.submit(() -> {
                    go.await();
                    others.subList(from, to).forEach(Slot::markDone);
                    return null;
                });
            }
            go.countDown();
            long max = -1;
            while (ledger.pending() > 1) {
                max = Math.max(max, position(ledger, P0));
            }
            pool.shutdown();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
            max = Math.max(max, position(ledger, P0));
            assertEquals(hole, max, "the position stops at the one record not done");
            s.get(hole).markDone();
            assertEquals(2000, position(ledger, P0));
        }
    }
}
