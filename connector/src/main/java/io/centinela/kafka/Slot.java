package io.centinela.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One consumed record on its way through the pipeline. Done = analysed without alert, its alert delivered, or the
 * record written to the dead-letter topic. The record is kept until then (the DLQ needs its original bytes).
 */
public final class Slot {

    private final PartitionTracker owner;
    private final long offset;
    private volatile ConsumerRecord<byte[], byte[]> record;
    private volatile boolean done;

    Slot(PartitionTracker owner, ConsumerRecord<byte[], byte[]> record) {
        this.owner = owner;
        this.offset = record.offset();
        this.record = record;
    }

    public ConsumerRecord<byte[], byte[]> record() {
        return record;
    }

    public long offset() {
        return offset;
    }

    /** False once the partition was revoked: the new owner re-reads it, so this work is dropped. */
    public boolean live() {
        return !owner.revoked();
    }

    public boolean done() {
        return done;
    }

    public void markDone() {
        if (!done) {
            done = true;
            record = null;
            owner.completed();
        }
    }
}
