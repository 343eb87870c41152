package io.centinela.sigma.correlation;

import java.util.Comparator;
import java.util.Objects;

/**
 * One hit as a correlation group keeps it: when, which event, which of the correlation's rules matched
 * ({@code slot}, the index in its {@code rules} list), the value field's text (null when the event lacks it; for a
 * value_count over several fields the values joined by U+001F) and the capped excerpt. Plain values only, so a
 * state store can serialise it (Jackson reads and writes it as is).
 */
public record Contribution(long time, String eventRef, int slot, String value, String excerpt) {

    /** Event-time order, ties broken by event then slot: the same contributions always sort the same way. */
    static final Comparator<Contribution> ORDER = Comparator.comparingLong(Contribution::time)
            .thenComparing(Contribution::eventRef).thenComparingInt(Contribution::slot);

    public Contribution {
        Objects.requireNonNull(eventRef, "eventRef");
        excerpt = excerpt == null ? "" : excerpt;
    }
}
