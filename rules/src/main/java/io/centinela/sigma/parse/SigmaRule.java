package io.centinela.sigma.parse;

import java.util.List;

/** An immutable, parsed (not yet compiled) Sigma detection rule. */
public record SigmaRule(String id, String name, String title, String status, String level, String description,
                        String author, List<String> tags, List<String> references, List<String> falsePositives,
                        LogSource logsource, Detection detection, String file, int line) implements SigmaDocument {
    public SigmaRule {
        tags = List.copyOf(tags);
        references = List.copyOf(references);
        falsePositives = List.copyOf(falsePositives);
    }
}
