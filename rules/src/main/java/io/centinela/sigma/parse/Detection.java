package io.centinela.sigma.parse;

import java.util.List;
import java.util.Map;

/** A parsed {@code detection} block: named searches (source order) and the condition(s), OR'ed when several. */
public record Detection(Map<String, SearchIdentifier> searches, List<String> conditions, int conditionLine) {
    public Detection {
        searches = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(searches));
        conditions = List.copyOf(conditions);
    }
}
