package io.centinela.event;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Maps a parsed JSON object to Sigma field names. Detects the format per event (or uses the one given) and
 * delegates to the {@link FieldMapper} for that format, then canonicalises value renderings ({@link Renderings}).
 * Stateless and thread-safe. A tree that does not have the fixed format's shape still normalises (fields the
 * mapper finds, plus nothing else); it is never rejected here.
 */
public final class EventNormalizer {

    private final Map<EventFormat, FieldMapper> mappers = new EnumMap<>(EventFormat.class);

    public EventNormalizer() {
        mappers.put(EventFormat.EVTX_JSON, new EvtxJsonMapper());
        mappers.put(EventFormat.FLAT_WINDOWS, new FlatWindowsMapper());
        FieldMapper winlogbeat = new WinlogbeatMapper();
        mappers.put(EventFormat.WINLOGBEAT, winlogbeat);
        mappers.put(EventFormat.ECS_WINDOWS, winlogbeat);
        mappers.put(EventFormat.ECS_WEB, new EcsWebMapper());
        mappers.put(EventFormat.ECS_EMAIL, new EcsEmailMapper());
        mappers.put(EventFormat.GENERIC, new GenericMapper());
    }

    /** Builds the event; {@code format} AUTO means detect from the tree's shape. */
    public Event normalize(JsonNode tree, EventOrigin origin, EventFormat format, int sizeBytes) {
        Objects.requireNonNull(tree, "tree");
        EventFormat actual = format == EventFormat.AUTO ? FormatDetector.detect(tree) : format;
        FieldMapper mapper = mappers.getOrDefault(actual, mappers.get(EventFormat.GENERIC));
        Map<String, Object> fields = new LinkedHashMap<>(Math.max(16, tree.size() * 2));
        mapper.map(tree, fields);
        EventKind kind = mapper.kind(tree, fields);
        if (kind == EventKind.WINDOWS) {
            Renderings.addSpaceFreeNames(fields);
        }
        Renderings.canonicalize(fields, kind == EventKind.WINDOWS);
        return new Event(tree, origin, actual, kind, fields, sizeBytes);
    }
}
