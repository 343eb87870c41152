package io.centinela.event;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Renders JSON leaves as the canonical strings the flat view holds. */
final class JsonValues {

    private JsonValues() {
    }

    /** Puts {@code node} under {@code name}: scalars as strings, arrays of scalars as lists; null/missing skipped. */
    static void put(Map<String, Object> out, String name, JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return;
        }
        if (node.isArray()) {
            List<String> values = new ArrayList<>(node.size());
            for (JsonNode item : node) {
                String s = scalar(item);
                if (s != null) {
                    values.add(s);
                }
            }
            if (!values.isEmpty()) {
                out.put(name, Collections.unmodifiableList(values));
            }
            return;
        }
        String s = scalar(node);
        if (s != null) {
            out.put(name, s);
        }
    }

    /** A scalar as text; objects and arrays give null. Integral floats render without ".0". */
    static String scalar(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode() || node.isContainerNode()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue().toString();
        }
        if (node.isNumber()) {
            double d = node.doubleValue();
            if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
                return Long.toString((long) d);
            }
            return node.numberValue().toString();
        }
        if (node.isBoolean()) {
            return node.booleanValue() ? "true" : "false";
        }
        return node.asText();
    }

    /** Flattens an object into dotted paths ({@code a.b.c}); arrays of scalars stay lists. */
    static void flatten(String prefix, JsonNode node, Map<String, Object> out) {
        if (node.isObject()) {
            var it = node.fields();
            while (it.hasNext()) {
                var e = it.next();
                String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
                flatten(key, e.getValue(), out);
            }
        } else if (node.isArray() && containsContainer(node)) {
            int i = 0;
            for (JsonNode item : node) {
                flatten(prefix + "." + i++, item, out);
            }
        } else if (!prefix.isEmpty()) {
            put(out, prefix, node);
        }
    }

    private static boolean containsContainer(JsonNode array) {
        for (JsonNode item : array) {
            if (item.isContainerNode()) {
                return true;
            }
        }
        return false;
    }
}
