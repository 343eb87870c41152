package io.centinela.kafka;

import io.centinela.pipeline.Slot;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-partition offsets in flight, in read order. The committable position is the offset of the first slot not
 * yet done: an offset is committed only when every record at or below it is done, even if later ones finished first.
 */
public final class PartitionTracker {

    private final TopicPartition partition;
    private final ArrayDeque<RecordSlot> slots = new ArrayDeque<>();
    private final AtomicLong pending = new AtomicLong();
    private volatile boolean revoked;
    private long next = -1;
    private long committed = -1;

    PartitionTracker(TopicPartition partition) {
        this.partition = partition;
    }

    public TopicPartition partition() {
        return partition;
    }

    /** Called by the poll thread only. */
    synchronized List<Slot> add(List<ConsumerRecord<byte[], byte[]>> records) {
        List<Slot> out = new ArrayList<>(records.size());
        for (ConsumerRecord<byte[], byte[]> r : records) {
            RecordSlot s = new RecordSlot(this, r);
            slots.addLast(s);
            out.add(s);
            next = r.offset() + 1;
        }
        pending.addAndGet(records.size());
        return out;
    }

    void completed() {
        pending.decrementAndGet();
    }

    /** Offsets read but not done. */
    public long pending() {
        return pending.get();
    }

    /**
     * The next offset to commit (first not-done offset, or one past the last read when all are done), or -1 when
     * nothing new can be committed since the last call that was confirmed with {@link #committed(long)}.
     */
    synchronized long committable() {
        while (!slots.isEmpty() && slots.peekFirst().done()) {
            slots.pollFirst();
        }
        long pos = slots.isEmpty() ? next : slots.peekFirst().offset();
        return pos > committed ? pos : -1;
    }

    synchronized void committed(long position) {
        committed = Math.max(committed, position);
    }

    boolean revoked() {
        return revoked;
    }

    void revoke() {
        revoked = true;
    }
}
