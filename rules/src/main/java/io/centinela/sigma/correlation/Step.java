package io.centinela.sigma.correlation;

import java.util.List;

/**
 * The result of feeding one contribution (or a watermark) to a group: the group's new state ({@code null} when
 * nothing is left to keep: delete the key), the matches that fired, what happened to the contribution and how many
 * old contributions the per-group cap evicted.
 */
public record Step(GroupState state, List<CorrelationMatch> matches, Outcome outcome, int evicted) {

    public Step {
        matches = List.copyOf(matches);
    }

    /** What became of a contribution. */
    public enum Outcome {
        /** Kept in the group's window. */
        ACCEPTED,
        /** Older than the stream time minus the grace period: dropped, counted. */
        LATE,
        /** Same event, time and rule already held (a replay): ignored, so at-least-once input is harmless. */
        DUPLICATE,
        /** No contribution: a watermark advance (closed windows, expiry). */
        ADVANCED
    }
}
