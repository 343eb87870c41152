package io.centinela.sigma.correlation;

import java.util.Map;
import java.util.Objects;

/**
 * One detection a correlation can count: a base rule's match on one event, or a correlation's match feeding a
 * correlation that references it (a chain). This is the compact record a stream carries between the per-event
 * analysis and the correlation state: {@code fields} holds only what the engine reads
 * ({@link CorrelationEngine#fieldsFor}).
 *
 * @param ruleKey  the matched rule: its id, else {@code title:<title>} ({@link CorrelationEngine#ruleKey})
 * @param time     event time in epoch milliseconds
 * @param eventRef the event's identity as the caller knows it (alert id, Kafka coordinates or file:line); part of
 *                 the correlation match id, so it must be stable across replays
 * @param fields   field -> value of the event (group-by and value fields)
 * @param excerpt  a short text of the event for the analyst (already capped)
 * @param derived  true for a correlation match fed to its parent: exempt from the lateness check, because a
 *                 closed window fires only after its grace period has passed
 */
public record Hit(String ruleKey, long time, String eventRef, Map<String, String> fields, String excerpt,
                  boolean derived) {

    public Hit {
        Objects.requireNonNull(ruleKey, "ruleKey");
        Objects.requireNonNull(eventRef, "eventRef");
        fields = Map.copyOf(fields);
        excerpt = excerpt == null ? "" : excerpt;
    }
}
