package io.centinela.sigma.correlation;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits and time handling of the correlation engine. Validated here; a connector declares them as config keys.
 *
 * @param grace                    how far behind the stream time (the newest event time seen) a hit may arrive and
 *                                 still count; older ones are dropped as late. Windows evaluated on close wait
 *                                 this long past their end.
 * @param maxContributionsPerGroup the most hits one group keeps; beyond it the oldest are evicted (counted). A
 *                                 count condition that needs more is refused when the engine is built.
 * @param maxGroupsPerCorrelation  the most group-by values a session tracks per correlation; beyond it the least
 *                                 recently fed group is dropped (counted), so a flood of distinct values cannot
 *                                 exhaust memory
 * @param excerptChars             the cap on each contribution's excerpt
 * @param maxEventsListed          the most contributing events a match lists (the id covers all of them)
 */
public record CorrelationOptions(Duration grace, int maxContributionsPerGroup, int maxGroupsPerCorrelation,
                                 int excerptChars, int maxEventsListed) {

    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(5);

    public CorrelationOptions {
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("correlation grace must not be negative: " + grace);
        }
        positive(maxContributionsPerGroup, "maxContributionsPerGroup");
        positive(maxGroupsPerCorrelation, "maxGroupsPerCorrelation");
        positive(excerptChars, "excerptChars");
        positive(maxEventsListed, "maxEventsListed");
    }

    /** 5 min grace; 1,000 hits per group and 10,000 groups per correlation (about 1,000 x 250 B = 250 kB per group at worst). */
    public static CorrelationOptions defaults() {
        return new CorrelationOptions(DEFAULT_GRACE, 1_000, 10_000, 160, 50);
    }

    public CorrelationOptions withGrace(Duration g) {
        return new CorrelationOptions(g, maxContributionsPerGroup, maxGroupsPerCorrelation, excerptChars, maxEventsListed);
    }

    public CorrelationOptions withCaps(int perGroup, int groups) {
        return new CorrelationOptions(grace, perGroup, groups, excerptChars, maxEventsListed);
    }

    private static void positive(int v, String name) {
        if (v <= 0) {
            throw new IllegalArgumentException("correlation " + name + " must be positive: " + v);
        }
    }
}
