package io.centinela.yara.policy;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** Scalar values under a dotted path of a JSON tree, walking arrays and literal dotted keys. */
final class JsonPaths {

    private static final int MAX_VALUES = 1000;

    private JsonPaths() {
    }

    static List<String> values(JsonNode root, String path) {
        List<String> out = new ArrayList<>(1);
        collect(root, path.split("\\."), 0, out);
        return out;
    }

    private static void collect(JsonNode node, String[] parts, int from, List<String> out) {
        if (node == null || out.size() >= MAX_VALUES) {
            return;
        }
        if (node.isArray()) {
            for (JsonNode item : node) {
                collect(item, parts, from, out);
            }
            return;
        }
        if (from == parts.length) {
            if (node.isTextual()) {
                out.add(node.textValue());
            } else if (node.isValueNode() && !node.isNull()) {
                out.add(node.asText());
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        // Longest literal key first, so {"http.request.body.content": ...} and nested objects both resolve.
        StringBuilder key = new StringBuilder();
        List<String> keys = new ArrayList<>();
        for (int i = from; i < parts.length; i++) {
            if (i > from) {
                key.append('.');
            }
            key.append(parts[i]);
            keys.add(key.toString());
        }
        for (int i = keys.size() - 1; i >= 0; i--) {
            JsonNode child = node.get(keys.get(i));
            if (child != null) {
                collect(child, parts, from + i + 1, out);
            }
        }
    }
}
