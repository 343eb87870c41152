package io.centinela.alert;

import java.util.List;
import java.util.Map;

/**
 * A Sigma rule that fired. {@code author} is kept because SigmaHQ rules are DRL 1.1, which requires attribution.
 * {@code matchedFields} maps each matched field to the value that satisfied it (the alert's "why").
 */
public record SigmaDetection(String id, String title, String level, String status, List<String> tags,
                             String author, List<String> references, List<String> matchedSelections,
                             Map<String, String> matchedFields) {
    public SigmaDetection {
        tags = List.copyOf(tags);
        references = List.copyOf(references);
        matchedSelections = List.copyOf(matchedSelections);
        matchedFields = Map.copyOf(matchedFields);
    }
}
