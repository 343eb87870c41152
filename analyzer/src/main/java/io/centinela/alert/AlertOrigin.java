package io.centinela.alert;

/**
 * Where the alerted event came from: Kafka coordinates or file and line, the event format and kind, and the
 * original event (whole when small, else a capped excerpt with {@code truncated} set).
 */
public record AlertOrigin(String topic, Integer partition, Long offset, Long timestamp, String file, Long line,
                          String format, String eventKind, String event, boolean truncated) {
}
