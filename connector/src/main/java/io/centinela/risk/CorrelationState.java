package io.centinela.risk;

import io.centinela.sigma.correlation.GroupState;

import java.util.Map;
import java.util.TreeMap;

/**
 * The state of one key of the correlation branch: the {@link GroupState} of each correlation group the key owns,
 * by state key ({@code Routed.stateKey()}). One group for a plain correlation; every group of a chain (correlations
 * of correlations) for a {@code chain:} key, so the chain runs on one task. Sorted, so its bytes are a function of
 * its content. Immutable.
 */
record CorrelationState(Map<String, GroupState> groups) {

    CorrelationState {
        groups = java.util.Collections.unmodifiableMap(new TreeMap<>(groups));
    }
}
