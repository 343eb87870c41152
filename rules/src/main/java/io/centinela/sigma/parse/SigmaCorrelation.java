package io.centinela.sigma.parse;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A correlation rule, parsed and validated; {@code io.centinela.sigma.correlation} evaluates it. {@code condition}
 * maps operators (gt, gte, lt, lte, eq, neq) to thresholds, plus {@code field} (the first value field) for value_*
 * types; {@code fields} lists every value field (value_count over several fields counts distinct tuples).
 * {@code generate} is read from the correlation section or the document (the specification lists it beside
 * {@code level}, pySigma reads it inside {@code correlation}).
 */
public record SigmaCorrelation(String id, String name, String title, String level, Type type, List<String> rules,
                               List<String> groupBy, Duration timespan, Map<String, String> condition,
                               boolean generate, Map<String, Map<String, String>> aliases, String file, int line,
                               List<String> tags, List<String> fields) implements SigmaDocument {

    /** The specification's types, plus {@code value_median} (rsigma's extension: value_percentile at 50). */
    public enum Type {
        EVENT_COUNT, VALUE_COUNT, TEMPORAL, TEMPORAL_ORDERED, VALUE_SUM, VALUE_AVG, VALUE_PERCENTILE, VALUE_MEDIAN;

        public String yamlName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public SigmaCorrelation {
        rules = List.copyOf(rules);
        groupBy = List.copyOf(groupBy);
        condition = Map.copyOf(condition);
        aliases = Map.copyOf(aliases);
        tags = List.copyOf(tags);
        fields = List.copyOf(fields);
    }

    /** Without tags and value-field list (callers written before they existed). */
    public SigmaCorrelation(String id, String name, String title, String level, Type type, List<String> rules,
                            List<String> groupBy, Duration timespan, Map<String, String> condition, boolean generate,
                            Map<String, Map<String, String>> aliases, String file, int line) {
        this(id, name, title, level, type, rules, groupBy, timespan, condition, generate, aliases, file, line,
                List.of(), condition.containsKey("field") ? List.of(condition.get("field")) : List.of());
    }
}
