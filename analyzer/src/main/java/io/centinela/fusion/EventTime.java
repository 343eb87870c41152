package io.centinela.fusion;

import io.centinela.event.Event;
import io.centinela.event.EventOrigin;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * When the event happened, in epoch milliseconds: its own UTC timestamp ({@code @timestamp}, {@code TimeCreated},
 * {@code UtcTime}, {@code event.created}, {@code timestamp}), else the Kafka record time, else {@code fallback}.
 * Local-time fields without a zone (NXLog {@code EventTime}) are not trusted.
 */
public final class EventTime {

    private static final String[] FIELDS = {"@timestamp", "TimeCreated", "UtcTime", "event.created", "timestamp"};
    private static final DateTimeFormatter SYSMON_UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSS]");

    private EventTime() {
    }

    public static long millis(Event e, long fallback) {
        for (String f : FIELDS) {
            String v = e.field(f);
            if (v != null) {
                Long t = parse(v);
                if (t != null) {
                    return t;
                }
            }
        }
        if (e.origin() instanceof EventOrigin.Kafka k && k.timestamp() > 0) {
            return k.timestamp();
        }
        return fallback;
    }

    private static Long parse(String v) {
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
