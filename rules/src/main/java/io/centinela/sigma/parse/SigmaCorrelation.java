package io.centinela.sigma.parse;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A correlation rule (parsed and validated; windowed evaluation belongs to the stream connector). {@code condition}
 * maps operators (gt, gte, lt, lte, eq, neq) to thresholds, plus {@code field} for value_* types.
 */
public record SigmaCorrelation(String id, String name, String title, String level, Type type, List<String> rules,
                               List<String> groupBy, Duration timespan, Map<String, String> condition,
                               boolean generate, Map<String, Map<String, String>> aliases, String file, int line)
        implements SigmaDocument {

    public enum Type {
        EVENT_COUNT, VALUE_COUNT, TEMPORAL, TEMPORAL_ORDERED, VALUE_SUM, VALUE_AVG, VALUE_PERCENTILE;

        public String yamlName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public SigmaCorrelation {
        rules = List.copyOf(rules);
        groupBy = List.copyOf(groupBy);
        condition = Map.copyOf(condition);
        aliases = Map.copyOf(aliases);
    }
}
