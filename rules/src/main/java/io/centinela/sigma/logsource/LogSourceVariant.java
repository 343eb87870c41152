package io.centinela.sigma.logsource;

import java.util.Map;

/** One way a log source appears in events: a gate and the field renames rules need on those events. */
public record LogSourceVariant(Gate gate, Map<String, String> renames) {
    public LogSourceVariant {
        renames = Map.copyOf(renames);
    }
}
