package io.centinela.sigma.logsource;

import io.centinela.event.Event;
import io.centinela.event.EventKind;
import io.centinela.sigma.eval.Lower;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The event-side test of one log-source variant: allowed event kinds (null = any) and, per field, the allowed
 * values (folded). Records compare by value, so rules sharing a log source share one gate.
 */
public record Gate(Set<EventKind> kinds, Map<String, Set<String>> fields) {

    public Gate {
        kinds = kinds == null ? null : Set.copyOf(kinds);
        fields = Map.copyOf(fields);
    }

    /** The EventIDs this gate requires, or null when it does not test EventID. */
    public Set<String> eventIds() {
        return fields.get("EventID");
    }

    public boolean test(Event e) {
        if (kinds != null && !kinds.contains(e.kind())) {
            return false;
        }
        for (var f : fields.entrySet()) {
            if (!anyIn(e.values(f.getKey()), f.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static boolean anyIn(List<String> values, Set<String> allowed) {
        for (String v : values) {
            if (allowed.contains(Lower.of(v))) {
                return true;
            }
        }
        return false;
    }

    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (kinds != null) {
            sb.append("kind in ").append(kinds);
        }
        fields.forEach((k, v) -> sb.append(sb.length() > 0 ? " and " : "").append(k).append(" in ").append(v));
        return sb.length() == 0 ? "(every event)" : sb.toString();
    }
}
