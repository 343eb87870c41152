package io.centinela.sigma.eval;

import java.util.Map;

/** A compiled boolean test over one event. Implementations are immutable and thread-safe. */
public interface Node {

    boolean test(EventView v);

    /**
     * Records, for a node that is true, the field values that made it true (field name -> value). Composite
     * nodes recurse into true children; negations record nothing.
     */
    default void explain(EventView v, Map<String, String> out) {
    }
}
