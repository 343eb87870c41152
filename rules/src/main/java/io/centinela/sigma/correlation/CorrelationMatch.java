package io.centinela.sigma.correlation;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A correlation rule that fired for one group in one window.
 *
 * @param id            deterministic: a hash of the correlation key, the group values and every contributing
 *                      event ref, so a replay gives the same id (at-least-once delivery deduplicates on it)
 * @param ruleId        the correlation's id (its key when it has none)
 * @param groupBy       group-by field (or alias) -> value
 * @param windowStart   window in epoch milliseconds (inclusive bounds); {@code firstEventTime}/{@code lastEventTime}
 *                      the times of its oldest and newest contributing hits
 * @param value         the metric that met the condition (count, distinct values, sum, average, median, share)
 * @param condition     the condition as written, e.g. {@code gte 10}
 * @param eventCount    how many hits are in the window
 * @param events        the contributing events' refs, oldest first, at most {@link CorrelationOptions#maxEventsListed()}
 * @param excerpts      their excerpts, same order and cap
 * @param values        for value_count the distinct values, for value_percentile the values whose share met the
 *                      condition (capped like {@code events}); empty otherwise
 * @param tags          the correlation's tags; {@code baseTags} those of the rules (and correlations) it references
 * @param analystFacing false when {@code generate} rules say this match only feeds a correlation that references it
 */
public record CorrelationMatch(String id, String ruleId, String title, String level, String type,
                               Map<String, String> groupBy, long windowStart, long windowEnd, long firstEventTime,
                               long lastEventTime, double value,
                               String condition, int eventCount, List<String> events, List<String> excerpts,
                               List<String> values, List<String> tags, List<String> baseTags, boolean analystFacing) {

    public CorrelationMatch {
        groupBy = Map.copyOf(groupBy);
        events = List.copyOf(events);
        excerpts = List.copyOf(excerpts);
        values = List.copyOf(values);
        tags = List.copyOf(tags);
        baseTags = List.copyOf(baseTags);
    }

    /** ATT&amp;CK technique ids from the correlation's and its base rules' tags, e.g. {@code T1110.001}. */
    public List<String> attackTechniques() {
        return java.util.stream.Stream.concat(tags.stream(), baseTags.stream())
                .filter(t -> t.matches("(?i)attack\\.t\\d{4}(\\.\\d{3})?"))
                .map(t -> t.substring(7).toUpperCase(Locale.ROOT)).distinct().toList();
    }

    /** ATT&amp;CK tactics from the same tags, e.g. {@code credential-access}. */
    public List<String> attackTactics() {
        return java.util.stream.Stream.concat(tags.stream(), baseTags.stream())
                .filter(t -> t.toLowerCase(Locale.ROOT).startsWith("attack.")
                        && !t.matches("(?i)attack\\.(t\\d{4}.*|g\\d{4}|s\\d{4})"))
                .map(t -> t.substring(7)).distinct().toList();
    }
}
