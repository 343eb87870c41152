package io.centinela.sigma.correlation;

import java.util.List;

/**
 * A hit routed to one correlation and group: where its contribution goes. A stream re-keys by {@link #stateKey()}
 * so that one task owns each group's state.
 */
public record Routed(String correlationKey, List<String> groupValues, Contribution contribution) {

    public Routed {
        groupValues = List.copyOf(groupValues);
    }

    /** Correlation key, NUL, group values joined by U+001F: unique per correlation and group. */
    public String stateKey() {
        return correlationKey + '\u0000' + String.join("\u001f", groupValues);
    }
}
