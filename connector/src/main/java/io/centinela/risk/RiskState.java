package io.centinela.risk;

import java.util.List;

/**
 * The risk state of one entity (risk object): its contributions inside the window (sorted, at most
 * {@code risk.entity.max.detections}), the event time up to which windows were evaluated, and the end of the quiet
 * period after a risk alert (no second alert for the entity before it). Immutable; one per key in the state store.
 *
 * @param type          {@code system} or {@code user} (the alert schema's risk_object_type)
 * @param value         the entity as first seen (the key is its lower-case form)
 * @param evaluatedUpTo every window ending at or before this event time has been evaluated (Long.MIN_VALUE: none)
 * @param quietUntil    no risk alert for windows ending before this event time (Long.MIN_VALUE: none)
 */
record RiskState(String type, String value, List<Contribution> contributions, long evaluatedUpTo, long quietUntil) {

    RiskState {
        contributions = List.copyOf(contributions);
    }
}
