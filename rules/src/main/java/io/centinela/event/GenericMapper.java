package io.centinela.event;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/** Any JSON object: every leaf under its dotted path. */
final class GenericMapper implements FieldMapper {

    @Override
    public void map(JsonNode tree, Map<String, Object> out) {
        JsonValues.flatten("", tree, out);
    }

    @Override
    public EventKind kind(JsonNode tree, Map<String, Object> fields) {
        return EventKind.GENERIC;
    }
}
