package io.centinela.sigma.parse;

import java.util.List;

/**
 * A Sigma meta filter: its condition is AND'ed to every rule it names (by id or name). Filter conditions are
 * written as exclusions ({@code not selection}), so a filter removes the matches it describes.
 */
public record SigmaFilter(String id, String title, LogSource logsource, List<String> ruleRefs, Detection detection,
                          String file, int line) implements SigmaDocument {
    public SigmaFilter {
        ruleRefs = List.copyOf(ruleRefs);
    }
}
