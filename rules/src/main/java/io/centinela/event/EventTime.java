package io.centinela.event;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.OptionalLong;

/**
 * When an event happened, in epoch milliseconds: its own UTC timestamp ({@code @timestamp}, {@code TimeCreated},
 * {@code UtcTime}, {@code event.created}, {@code timestamp}), else the Kafka record time. Local-time fields without
 * a zone (NXLog {@code EventTime}) are not trusted. Same order and forms as analyzer's {@code fusion.EventTime}
 * (duplicated here so the correlation engine in this module can use it; fusion can delegate to this one).
 */
public final class EventTime {

    private static final String[] FIELDS = {"@timestamp", "TimeCreated", "UtcTime", "event.created", "timestamp"};
    private static final DateTimeFormatter SYSMON_UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSS]");

    private EventTime() {
    }

    /** The event's own time in epoch ms, else {@code fallback} (fusion: the alert's time; baseline: its window). */
    public static long millis(Event e, long fallback) {
        return millis(e).orElse(fallback);
    }

    /** The event's time, or empty when it carries none (and did not come from Kafka). */
    public static OptionalLong millis(Event e) {
        for (String f : FIELDS) {
            String v = e.field(f);
            if (v != null) {
                Long t = parse(v);
                if (t != null) {
                    return OptionalLong.of(t);
                }
            }
        }
        if (e.origin() instanceof EventOrigin.Kafka k && k.timestamp() > 0) {
            return OptionalLong.of(k.timestamp());
        }
        return OptionalLong.empty();
    }

    static Long parse(String v) {
        try {
            return Instant.parse(v).toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // next form
        }
        try {
            return LocalDateTime.parse(v, SYSMON_UTC).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // next form
        }
        if (v.matches("\\d{10}(\\.\\d+)?")) {
            return (long) (Double.parseDouble(v) * 1000);
        }
        if (v.matches("\\d{13}")) {
            return Long.parseLong(v);
        }
        return null;
    }
}
