package io.centinela.event;

import java.util.Locale;

/** The JSON shape an event arrives in. {@link #AUTO} detects it per event; a topic may fix it by config. */
public enum EventFormat {
    AUTO,
    /** evtx_dump / python-evtx JSON: {@code Event.System}, {@code Event.EventData}. */
    EVTX_JSON,
    /** Winlogbeat raw: {@code winlog.event_data.*}, {@code winlog.event_id}. */
    WINLOGBEAT,
    /** Winlogbeat / Elastic Common Schema for Windows: {@code event.code}, {@code process.*}. */
    ECS_WINDOWS,
    /** NXLog / Mordor flat JSON: EventData fields at top level, {@code SourceName}, {@code Hostname}. */
    FLAT_WINDOWS,
    /** ECS web/proxy event: {@code http.*}, {@code url.*}. */
    ECS_WEB,
    /** ECS e-mail event: {@code email.*}. */
    ECS_EMAIL,
    /** Any other JSON object: fields by dotted path. */
    GENERIC;

    /** Parses a config value such as {@code evtx-json} or {@code ECS_WEB}. */
    public static EventFormat parse(String text) {
        String norm = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            return valueOf(norm);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown event format '" + text + "'; use one of "
                    + java.util.Arrays.toString(values()).toLowerCase(Locale.ROOT).replace('_', '-'));
        }
    }
}
