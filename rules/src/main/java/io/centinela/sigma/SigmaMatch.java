package io.centinela.sigma;

import java.util.List;
import java.util.Map;

/**
 * A Sigma rule that fired on an event. {@code author} is kept because SigmaHQ rules are DRL 1.1, which requires
 * attribution. {@code matchedFields} maps each matched field to the value that satisfied it (the alert's "why");
 * keyword matches use the key {@code "keywords"}; it iterates in field-name order, the same in every run.
 */
public record SigmaMatch(String id, String title, String level, String status, List<String> tags,
                         String author, List<String> references, List<String> matchedSelections,
                         Map<String, String> matchedFields) {
    public SigmaMatch {
        tags = List.copyOf(tags);
        references = List.copyOf(references);
        matchedSelections = List.copyOf(matchedSelections);
        // sorted: Map.copyOf iterates in an order salted per JVM, and alerts, scan output and reasons must not vary
        matchedFields = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(matchedFields));
    }

    /** ATT&amp;CK technique ids from the tags ({@code attack.t1059.001} -> {@code T1059.001}). */
    public List<String> attackTechniques() {
        return tags.stream().filter(t -> t.matches("(?i)attack\\.t\\d{4}(\\.\\d{3})?"))
                .map(t -> t.substring(7).toUpperCase(java.util.Locale.ROOT)).toList();
    }

    /** ATT&amp;CK tactics from the tags ({@code attack.defense-evasion} -> {@code defense-evasion}). */
    public List<String> attackTactics() {
        return tags.stream().filter(t -> t.toLowerCase(java.util.Locale.ROOT).startsWith("attack.")
                        && !t.matches("(?i)attack\\.(t\\d{4}.*|g\\d{4}|s\\d{4})"))
                .map(t -> t.substring(7)).toList();
    }
}
