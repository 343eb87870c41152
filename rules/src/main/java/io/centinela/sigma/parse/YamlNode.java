package io.centinela.sigma.parse;

import java.util.List;
import java.util.Map;

/**
 * A YAML value with the line it starts on (1-based), so rule errors can point at the source. Scalars keep the
 * resolved type: {@code value} is a String, Long/BigInteger/Double-as-text, Boolean or null.
 */
public sealed interface YamlNode {

    int line();

    /** A mapping with string keys in source order. */
    record YMap(Map<String, YamlNode> entries, Map<String, Integer> keyLines, int line) implements YamlNode {
        public YamlNode get(String key) {
            return entries.get(key);
        }

        public int lineOf(String key) {
            return keyLines.getOrDefault(key, line);
        }
    }

    /** A sequence. */
    record YList(List<YamlNode> items, int line) implements YamlNode {
    }

    /**
     * A scalar. {@code text} is the source text; {@code kind} says how YAML resolved it (string, int, float,
     * bool or null).
     */
    record YScalar(String text, Kind kind, int line) implements YamlNode {
        public enum Kind { STRING, INT, FLOAT, BOOL, NULL }

        public boolean isNull() {
            return kind == Kind.NULL;
        }
    }
}
