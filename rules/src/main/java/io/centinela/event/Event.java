package io.centinela.event;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One security event: the original JSON, where it came from, and a flat view keyed by Sigma field names.
 *
 * <p>{@code fields} is unmodifiable and keeps insertion order. Each value is either a {@link String} or, for a
 * JSON array of scalars, an unmodifiable {@code List<String>}. Numbers and booleans are rendered as canonical
 * strings ({@code 4688}, {@code true}), so Sigma's "4688" == 4688 holds. A field that is absent or JSON null is
 * not in the map; an empty string is kept as {@code ""} (Sigma distinguishes the two).
 *
 * <p>{@code raw} must not be mutated after construction; Jackson trees are not immutable, so callers treat them as
 * read-only by convention.
 */
public record Event(JsonNode raw, EventOrigin origin, EventFormat format, EventKind kind, Map<String, Object> fields,
                    int sizeBytes) {

    public Event {
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(kind, "kind");
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** The field's single value, the first value of a list, or null when absent. */
    public String field(String name) {
        Object v = fields.get(name);
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            return s;
        }
        List<?> list = (List<?>) v;
        return list.isEmpty() ? null : (String) list.get(0);
    }

    /** All values of a field: empty when absent. */
    @SuppressWarnings("unchecked")
    public List<String> values(String name) {
        Object v = fields.get(name);
        if (v == null) {
            return List.of();
        }
        if (v instanceof String s) {
            return List.of(s);
        }
        return (List<String>) v;
    }

    /** The Windows EventID as an int, or -1 when absent or not a number. */
    public int eventId() {
        String id = field("EventID");
        if (id == null) {
            return -1;
        }
        try {
            return Integer.parseInt(id);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
