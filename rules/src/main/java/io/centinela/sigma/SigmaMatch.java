package io.centinela.sigma;

import java.util.List;
import java.util.Map;

/**
 * A Sigma rule that fired on an event. {@code author} is kept because SigmaHQ rules are DRL 1.1, which requires
 * attribution. {@code matchedFields} maps each matched field to the value that satisfied it (the alert's "why");
 * keyword matches use the key {@code "keywords"}.
 */
public record SigmaMatch(String id, String title, String level, String status, List<String> tags,
                         String author, List<String> references, List<String> matchedSelections,
                         Map<String, String> matchedFields) {
    public SigmaMatch {
        tags = List.copyOf(tags);
        references = List.copyOf(references);
        matchedSelections = List.copyOf(matchedSelections);
        matchedFields = Map.copyOf(matchedFields);
    }
}
