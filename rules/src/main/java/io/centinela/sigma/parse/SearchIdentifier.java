package io.centinela.sigma.parse;

import java.util.List;

/**
 * A named detection (e.g. {@code selection}): an OR of alternatives, each an AND of {@link FieldItem}s. A map is
 * one alternative; a list of maps gives one alternative per map; a list of plain values is one keyword item.
 */
public record SearchIdentifier(String name, List<List<FieldItem>> alternatives, int line) {
    public SearchIdentifier {
        alternatives = alternatives.stream().map(List::copyOf).toList();
    }
}
