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
            return node.canConvertToLong() ? Long.toString(node.longValue()) : node.bigIntegerValue().toString();
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

    /**
     * Flattens an object into dotted paths ({@code a.b.c}) the way Elasticsearch indexes it: arrays of objects
     * do not add an index to the path, so {@code attachments[*].file.name} becomes one list under
     * {@code attachments.file.name}. Arrays of scalars stay lists; values of one path accumulate in order.
     */
    static void flatten(String prefix, JsonNode node, Map<String, Object> out) {
        if (node.isObject()) {
            var it = node.fields();
            while (it.hasNext()) {
                var e = it.next();
                String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
                flatten(key, e.getValue(), out);
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                if (item.isContainerNode()) {
                    flatten(prefix, item, out);
                } else if (!prefix.isEmpty()) {
                    add(out, prefix, scalar(item));
                }
            }
        } else if (!prefix.isEmpty()) {
            if (out.containsKey(prefix)) {
                add(out, prefix, scalar(node));
            } else {
                put(out, prefix, node);
            }
        }
    }

    /** Appends a value to a field, turning a single value into a list. Null values are skipped. */
    @SuppressWarnings("unchecked")
    static void add(Map<String, Object> out, String name, String value) {
        if (value == null) {
            return;
        }
        Object prev = out.get(name);
        if (prev == null) {
            out.put(name, List.of(value));
            return;
        }
        List<String> list = new ArrayList<>();
        if (prev instanceof String s) {
            list.add(s);
        } else {
            list.addAll((List<String>) prev);
        }
        list.add(value);
        out.put(name, Collections.unmodifiableList(list));
    }

    /** Puts {@code value} under {@code name} unless the field is already there. Null is skipped. */
    static void putIfAbsent(Map<String, Object> out, String name, Object value) {
        if (value != null && !out.containsKey(name)) {
            out.put(name, value);
        }
    }

    /** The value at a dotted path of the tree ({@code a.b.c}); a missing node when any step is absent. */
    static JsonNode at(JsonNode tree, String dottedPath) {
        JsonNode n = tree;
        int start = 0;
        while (n != null && !n.isMissingNode()) {
            int dot = dottedPath.indexOf('.', start);
            String step = dot < 0 ? dottedPath.substring(start) : dottedPath.substring(start, dot);
            n = n.path(step);
            if (dot < 0) {
                return n;
            }
            start = dot + 1;
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
}
