package io.centinela.sigma.correlation;

import java.util.List;

/**
 * The state of one correlation for one group-by value: its contributions in {@link Contribution#ORDER} (at most
 * {@link CorrelationOptions#maxContributionsPerGroup()}), the time of the last event of its latest match
 * ({@code lastFiredEnd}: a later window must start after it, so one burst gives one match), and for windows
 * evaluated when they close, the start time up to which they have been evaluated. Immutable and plain, so a Kafka
 * Streams state store can hold it (one key per correlation and group, see {@link Routed#stateKey()}).
 */
public record GroupState(List<Contribution> entries, long lastFiredEnd, long evaluatedUntil) {

    static final long NEVER = Long.MIN_VALUE;

    public GroupState {
        entries = List.copyOf(entries);
    }

    static GroupState empty() {
        return new GroupState(List.of(), NEVER, NEVER);
    }
}
