package io.centinela.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds keys set twice in a YAML config, with both line numbers. A YAML parser keeps the last of two equal keys and
 * the flattening of nested maps into dotted keys merges {@code kafka: {group.id: a}} with {@code kafka.group.id: b},
 * so without this check one of the two values would be dropped silently. Two kinds are reported: the same key twice
 * in one YAML map (at any depth, also inside map-valued keys such as {@code kafka.properties}), and the same dotted
 * key reached twice through different nestings. Stateless.
 */
final class DuplicateKeys {

    private DuplicateKeys() {
    }

    /** One problem per duplicate ("key 'x' is set twice: line 2 and line 7 ..."); empty when there is none. */
    static List<String> find(String yaml, ConfigDef def) throws IOException {
        List<String> problems = new ArrayList<>();
        try (JsonParser p = new YAMLFactory().createParser(yaml)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                walk(p, "", true, def, new HashMap<>(), problems);
            }
        }
        return problems;
    }

    /**
     * Reads one YAML map up to its end. {@code dotted}: its keys flatten into config keys (false inside a map-valued
     * key, whose entries are values, not config keys).
     */
    private static void walk(JsonParser p, String prefix, boolean dotted, ConfigDef def, Map<String, Integer> leaves,
                             List<String> problems) throws IOException {
        Map<String, Integer> here = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            int line = p.currentTokenLocation().getLineNr();
            String full = prefix.isEmpty() ? name : prefix + "." + name;
            Integer before = here.putIfAbsent(name, line);
            if (before != null) {
                problems.add(twice(full, before, line));
            }
            JsonToken value = p.nextToken();
            boolean leaf = !dotted || def.key(full) != null || value != JsonToken.START_OBJECT;
            if (value == JsonToken.START_OBJECT) {
                // a defined key with a map value (kafka.topics) is one leaf whose entries are checked as a map
                walk(p, full, dotted && def.key(full) == null, def, leaves, problems);
            } else if (value == JsonToken.START_ARRAY) {
                p.skipChildren();
            }
            if (dotted && leaf && before == null) {
                Integer other = leaves.putIfAbsent(full, line);
                if (other != null) {
                    problems.add(twice(full, other, line));
                }
            }
        }
    }

    private static String twice(String key, int first, int second) {
        return "key '" + key + "' is set twice: line " + first + " and line " + second
                + " (nested and dotted forms are the same key); keep one";
    }
}
