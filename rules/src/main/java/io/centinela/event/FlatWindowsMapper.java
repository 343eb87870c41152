package io.centinela.event;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * NXLog / Mordor flat JSON: EventData fields at top level. Renames the NXLog system keys to Sigma names
 * ({@code SourceName} -> {@code Provider_Name}, {@code Hostname} -> {@code Computer}).
 */
final class FlatWindowsMapper implements FieldMapper {

    @Override
    public void map(JsonNode tree, Map<String, Object> out) {
        tree.fields().forEachRemaining(e -> {
            String key = switch (e.getKey()) {
                case "SourceName" -> "Provider_Name";
                case "Hostname" -> "Computer";
                default -> e.getKey();
            };
            if (e.getValue().isContainerNode()) {
                JsonValues.flatten(key, e.getValue(), out);
            } else {
                JsonValues.put(out, key, e.getValue());
            }
        });
    }

    @Override
    public EventKind kind(JsonNode tree, Map<String, Object> fields) {
        return EventKind.WINDOWS;
    }
}
