package io.centinela.splunkapp;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Flattens a JSON event the way Splunk's KV_MODE=json names fields: nested objects join with ".", array elements
 * add "{}" (so sigma[0].title and sigma[1].title both land in the multivalue field "sigma{}.title"), scalars keep
 * their JSON text, nulls and empty arrays produce no field.
 */
public final class KvJson {

    private KvJson() {
    }

    public static Map<String, List<String>> flatten(JsonNode event) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        walk(event, "", out);
        return out;
    }

    private static void walk(JsonNode node, String name, Map<String, List<String>> out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return;
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> walk(e.getValue(), name.isEmpty() ? e.getKey() : name + "." + e.getKey(), out));
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                walk(element, name + "{}", out);
            }
        } else {
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(node.asText());
        }
    }
}
