package io.centinela.kafka;

/**
 * Why a dead-letter record was written as a truncated copy instead of the original bytes. The name is the
 * {@code centinela.truncation.reason} header of that copy (see {@link DeadLetterWriter}).
 */
public enum TruncationReason {
    /** The broker refused the full copy: larger than the dead-letter topic's {@code max.message.bytes}. */
    TOPIC_LIMIT,
    /** The producer refused it before sending: larger than its {@code max.request.size} or {@code buffer.memory}. */
    PRODUCER_LIMIT
}
