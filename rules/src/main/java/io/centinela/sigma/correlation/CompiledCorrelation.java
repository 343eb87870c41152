package io.centinela.sigma.correlation;

import io.centinela.sigma.parse.SigmaCorrelation;

import java.util.List;

/**
 * One correlation ready to evaluate: each referenced rule is a slot with the field names to read from its hits
 * (aliases resolved per slot), the condition and how windows are evaluated. Immutable.
 *
 * @param key          the correlation's rule key (id, else {@code name:}, else {@code title:})
 * @param slotKeys     rule key per slot (the order of {@code rules}, which temporal_ordered needs)
 * @param groupFields  [slot][i]: the field holding group-by value i in that slot's hits
 * @param valueFields  [slot][i]: the field holding value field i in that slot's hits
 * @param early        true when a match is decided as a hit arrives (window ending at that hit); false when each
 *                     window is decided once it has closed (window starting at a hit, after the grace period)
 * @param analystFacing false when every correlation referencing this one has {@code generate: false}
 */
record CompiledCorrelation(String key, SigmaCorrelation source, SigmaCorrelation.Type type, long timespanMs,
                           Threshold threshold, boolean early, List<String> slotKeys, String[][] groupFields,
                           String[][] valueFields, List<String> baseTags, boolean analystFacing) {

    String ruleId() {
        return source.id() != null ? source.id() : key;
    }
}
