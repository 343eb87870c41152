package io.centinela.event;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/** Maps one JSON shape to Sigma field names. Implementations are stateless. */
interface FieldMapper {

    /** Adds the event's fields, keyed by Sigma names, to {@code out} (values: String or List<String>). */
    void map(JsonNode tree, Map<String, Object> out);

    /** The event family, decided after mapping. */
    EventKind kind(JsonNode tree, Map<String, Object> fields);
}
