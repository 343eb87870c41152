package io.centinela.kafka;

import io.centinela.pipeline.Slot;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One consumed record on its way through the pipeline. Done = analysed without alert, its alert delivered, or the
 * record written to the dead-letter topic. The record is kept until then (the DLQ needs its original bytes).
 */
final class RecordSlot implements Slot {

    private final PartitionTracker owner;
    private final long offset;
    private volatile ConsumerRecord<byte[], byte[]> record;
    private volatile boolean done;

    RecordSlot(PartitionTracker owner, ConsumerRecord<byte[], byte[]> record) {
        this.owner = owner;
        this.offset = record.offset();
        this.record = record;
    }

    public ConsumerRecord<byte[], byte[]> record() {
        return record;
    }

    @Override
    public long offset() {
        return offset;
    }

    /** False once the partition was revoked: the new owner re-reads it, so this work is dropped. */
    @Override
    public boolean live() {
        return !owner.revoked();
    }

    @Override
    public boolean done() {
        return done;
    }

    @Override
    public void markDone() {
        if (!done) {
            done = true;
            record = null;
            owner.completed();
        }
    }
}
