package io.centinela.pipeline;

/**
 * Where the pipeline sends what it cannot analyse or deliver. The implementation (the consumer service's
 * dead-letter writer) marks the slot done only once the record is durably written, so the offset commit, which
 * waits for done slots, always follows the dead-letter write.
 */
public interface DeadLetters {

    /** Dead-letters the slot's record with a typed error class (a DLQ header) and a human-readable reason. */
    void write(Slot slot, String errorClass, String reason);
}
