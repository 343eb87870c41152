package io.centinela.event;

import java.util.Objects;

/**
 * Where an event came from. Kafka coordinates for streamed events, file and line for events read from disk.
 * Part of the deterministic alert id: the same origin always names the same event.
 */
public sealed interface EventOrigin {

    /** A stable text key for this origin, used in alert ids and dead-letter headers. */
    String key();

    /** A record read from Kafka. {@code timestamp} is the record timestamp in epoch milliseconds. */
    record Kafka(String topic, int partition, long offset, long timestamp) implements EventOrigin {
        public Kafka {
            Objects.requireNonNull(topic, "topic");
        }

        @Override
        public String key() {
            return "kafka:" + topic + "/" + partition + "/" + offset;
        }
    }

    /** A line (1-based) of a file, or the n-th JSON document of a concatenated-JSON file. */
    record File(String path, long line) implements EventOrigin {
        public File {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String key() {
            return "file:" + path + ":" + line;
        }
    }
}
