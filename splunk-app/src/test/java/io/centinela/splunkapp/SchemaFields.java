package io.centinela.splunkapp;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Set;
import java.util.TreeSet;

/**
 * The field names Splunk's KV_MODE=json gives events that follow a JSON Schema: object properties join with ".",
 * array items add "{}", local $refs (#/$defs/x, #/definitions/x) are followed. Free-form maps
 * (additionalProperties without properties) yield data-dependent names and are left out.
 */
public final class SchemaFields {

    private SchemaFields() {
    }

    public static Set<String> of(JsonNode schema) {
        Set<String> out = new TreeSet<>();
        walk(schema, schema, "", out, 0);
        return out;
    }

    private static void walk(JsonNode root, JsonNode node, String name, Set<String> out, int depth) {
        if (depth > 32) {
            throw new IllegalArgumentException("schema nests deeper than 32 (recursive $ref?) at " + name);
        }
        if (node.has("$ref")) {
            String ref = node.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                throw new IllegalArgumentException("only local $refs are supported: " + ref);
            }
            JsonNode target = root.at(ref.substring(1));
            if (target.isMissingNode()) {
                throw new IllegalArgumentException("unresolved $ref " + ref);
            }
            walk(root, target, name, out, depth + 1);
            return;
        }
        for (String combiner : new String[] {"oneOf", "anyOf", "allOf"}) {
            if (node.has(combiner)) {
                node.get(combiner).forEach(n -> walk(root, n, name, out, depth + 1));
            }
        }
        if (node.has("properties")) {
            node.get("properties").fields().forEachRemaining(e ->
                    walk(root, e.getValue(), name.isEmpty() ? e.getKey() : name + "." + e.getKey(), out, depth + 1));
            return;
        }
        if (node.has("items")) {
            walk(root, node.get("items"), name + "{}", out, depth + 1);
            return;
        }
        boolean freeMap = node.has("additionalProperties") && node.get("additionalProperties").isObject();
        if (!name.isEmpty() && !freeMap) {
            out.add(name);
        }
    }
}
