package io.centinela.pipeline;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A slot that several outputs must finish: the record is done once each of {@code parts} called
 * {@link #markDone()} (e.g. its alert delivered to HEC and its detection acknowledged by Kafka). Any thread may mark;
 * extra marks are ignored.
 */
final class JoinedSlot implements Slot {

    private final Slot slot;
    private final AtomicInteger left;

    JoinedSlot(Slot slot, int parts) {
        this.slot = slot;
        this.left = new AtomicInteger(parts);
    }

    @Override
    public ConsumerRecord<byte[], byte[]> record() {
        return slot.record();
    }

    @Override
    public long offset() {
        return slot.offset();
    }

    @Override
    public boolean live() {
        return slot.live();
    }

    @Override
    public boolean done() {
        return slot.done();
    }

    @Override
    public void markDone() {
        if (left.decrementAndGet() == 0) {
            slot.markDone();
        }
    }
}
