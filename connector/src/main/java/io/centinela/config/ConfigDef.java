package io.centinela.config;

import io.centinela.secret.Secret;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Typed, documented configuration keys in the style of Kafka's ConfigDef: every key has a type, a default (or is
 * required), a validator and a doc string. {@link #parse} turns raw values into typed ones and reports every unknown
 * key (with a "did you mean"), missing required key and bad value at once.
 */
public final class ConfigDef {

    /** Value types. MAP holds a nested string map passed through as is (e.g. Kafka client properties). */
    public enum Type { STRING, INT, LONG, DOUBLE, BOOLEAN, LIST, PASSWORD, MAP }

    /** Checks a parsed value; returns null when fine, else what is wrong and how to fix it. */
    @FunctionalInterface
    public interface Validator {
        String check(Object value);
    }

    /** One key. {@code defaultValue == REQUIRED} means the key must be set. */
    public record Key(String name, Type type, Object defaultValue, Validator validator, String doc) {
    }

    public static final Object REQUIRED = new Object() {
        @Override
        public String toString() {
            return "(required)";
        }
    };

    private final Map<String, Key> keys;

    private ConfigDef(Map<String, Key> keys) {
        this.keys = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    }

    /** Collects the keys of one configuration; {@link #build()} freezes them into an immutable {@link ConfigDef}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Defines keys in order. {@link #define} returns the key's name so that each key is declared once, as a
     * constant holding its name, in the statement that defines it:
     * {@code static final String GROUP_ID = KEYS.define("kafka.group.id", STRING, "centinela", "Consumer group.");}.
     * Not thread-safe: use it from one class initialiser.
     */
    public static final class Builder {
        private final Map<String, Key> keys = new LinkedHashMap<>();

        private Builder() {
        }

        public String define(String name, Type type, Object defaultValue, Validator validator, String doc) {
            if (keys.putIfAbsent(name, new Key(name, type, defaultValue, validator, doc)) != null) {
                throw new IllegalStateException("config key '" + name + "' defined twice");
            }
            return name;
        }

        public String define(String name, Type type, Object defaultValue, String doc) {
            return define(name, type, defaultValue, null, doc);
        }

        public ConfigDef build() {
            return new ConfigDef(keys);
        }
    }

    public Collection<Key> keys() {
        return keys.values();
    }

    public Key key(String name) {
        return keys.get(name);
    }

    /** Parses raw values (strings, numbers, lists, maps from YAML) into typed values; throws with all problems. */
    public Map<String, Object> parse(Map<String, Object> raw) {
        List<String> problems = new ArrayList<>();
        for (String k : raw.keySet()) {
            if (!keys.containsKey(k)) {
                String near = nearest(k);
                problems.add("unknown key '" + k + "'" + (near == null ? "" : " (did you mean '" + near + "'?)")
                        + "; see docs/connector.md for the keys");
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Key key : keys.values()) {
            Object v = raw.get(key.name());
            if (v == null) {
                if (key.defaultValue() == REQUIRED) {
                    problems.add("missing required key '" + key.name() + "': " + key.doc());
                    continue;
                }
                out.put(key.name(), key.defaultValue());
                continue;
            }
            Object typed;
            try {
                typed = convert(key, v);
            } catch (IllegalArgumentException e) {
                problems.add("bad value for '" + key.name() + "': " + e.getMessage());
                continue;
            }
            if (key.validator() != null) {
                String err = key.validator().check(typed);
                if (err != null) {
                    problems.add("bad value for '" + key.name() + "': " + err);
                    continue;
                }
            }
            out.put(key.name(), typed);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return out;
    }

    private static Object convert(Key key, Object v) {
        String text = v instanceof String s ? s.trim() : null;
        switch (key.type()) {
            case STRING:
                if (v instanceof Map || v instanceof List) {
                    throw new IllegalArgumentException("expected a text value");
                }
                return String.valueOf(v).trim();
            case PASSWORD:
                if (v instanceof Map || v instanceof List) {
                    throw new IllegalArgumentException("expected a text value");
                }
                return Secret.of(String.valueOf(v));
            case INT:
                try {
                    return v instanceof Number n ? Math.toIntExact(n.longValue()) : Integer.parseInt(text);
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("expected a whole number, got '" + v + "'");
                }
            case LONG:
                try {
                    return v instanceof Number n ? n.longValue() : Long.parseLong(text);
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("expected a whole number, got '" + v + "'");
                }
            case DOUBLE:
                try {
                    return v instanceof Number n ? n.doubleValue() : Double.parseDouble(text);
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("expected a number, got '" + v + "'");
                }
            case BOOLEAN:
                if (v instanceof Boolean b) {
                    return b;
                }
                if ("true".equalsIgnoreCase(text) || "false".equalsIgnoreCase(text)) {
                    return Boolean.parseBoolean(text);
                }
                throw new IllegalArgumentException("expected true or false, got '" + v + "'");
            case LIST:
                if (v instanceof List<?> l) {
                    return l.stream().map(x -> String.valueOf(x).trim()).toList();
                }
                if (v instanceof Map) {
                    throw new IllegalArgumentException("expected a list");
                }
                return text.isEmpty() ? List.of() : List.of(text.split("\\s*,\\s*"));
            case MAP:
                if (!(v instanceof Map<?, ?> m)) {
                    throw new IllegalArgumentException("expected a map of key: value");
                }
                Map<String, String> out = new LinkedHashMap<>();
                m.forEach((a, b) -> out.put(String.valueOf(a), b == null ? null : String.valueOf(b)));
                return out;
            default:
                throw new IllegalStateException();
        }
    }

    private String nearest(String k) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String name : keys.keySet()) {
            int d = distance(k.toLowerCase(Locale.ROOT), name);
            if (d < bestD) {
                bestD = d;
                best = name;
            }
        }
        return bestD <= Math.max(2, k.length() / 4) ? best : null;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int c = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + c);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    // ---- validators -------------------------------------------------------------------------------------------

    public static Validator atLeast(long min) {
        return v -> ((Number) v).longValue() >= min ? null : "must be at least " + min + ", got " + v;
    }

    public static Validator between(double min, double max) {
        return v -> {
            double d = ((Number) v).doubleValue();
            return d >= min && d <= max ? null : "must be between " + plain(min) + " and " + plain(max) + ", got " + v;
        };
    }

    private static String plain(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    public static Validator oneOf(String... values) {
        List<String> allowed = List.of(values);
        return v -> allowed.contains(String.valueOf(v).toLowerCase(Locale.ROOT)) ? null
                : "must be one of " + allowed + ", got '" + v + "'";
    }

    public static Validator eachItem(Function<String, String> check) {
        return v -> {
            for (Object item : (List<?>) v) {
                String err = check.apply(String.valueOf(item));
                if (err != null) {
                    return err;
                }
            }
            return null;
        };
    }

    /** Markdown table of every key: the config reference in docs/connector.md is generated from this. */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder("| key | type | default | description |\n|---|---|---|---|\n");
        for (Key k : keys.values()) {
            Object d = k.defaultValue();
            String def = d == REQUIRED ? "(required)" : d == null ? "" : Objects.toString(d);
            sb.append("| `").append(k.name()).append("` | ").append(k.type().name().toLowerCase(Locale.ROOT))
                    .append(" | ").append(def.isEmpty() ? "" : "`" + def + "`").append(" | ")
                    .append(k.doc().replace("|", "\\|")).append(" |\n");
        }
        return sb.toString();
    }
}
