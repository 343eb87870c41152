package io.centinela.pipeline;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One consumed record on its way through the pipeline, as the pipeline sees it (the consumer service owns the
 * implementation and its offset bookkeeping). Done = analysed without alert, its alert delivered, or the record
 * written to the dead-letter topic; the record is kept until then (the DLQ needs its original bytes).
 * Any thread may call {@link #markDone()}; it is idempotent.
 */
public interface Slot {

    /** The consumed record, or null once done. */
    ConsumerRecord<byte[], byte[]> record();

    long offset();

    /** False once the partition was revoked: the new owner re-reads it, so this work is dropped. */
    boolean live();

    boolean done();

    void markDone();
}
