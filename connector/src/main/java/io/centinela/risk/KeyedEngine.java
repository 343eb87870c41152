package io.centinela.risk;

import io.centinela.alert.Alert;

import java.util.List;

/**
 * A detector with state per key that the Streams topology runs ({@link RiskTopology}): the entity-risk engine today
 * ({@link RiskEngine}, keys = risk objects); the Sigma correlation engine plugs in the same way (keys = group-by
 * values of its rules). The engine is pure and event-time driven; {@link KeyedEngineProcessor} owns everything Kafka:
 * re-keying, the state and timer stores with their changelogs, late detections, the per-task key cap, and emitting.
 *
 * <p>Contract: {@code add} and {@code advance} are deterministic functions of their arguments (no clocks, no
 * randomness), so two runs over the same detections emit the same alerts with the same ids; {@code add} must be
 * idempotent per {@link Detection#alertId()} (a restarted task may replay a detection the state already holds).
 * Called from one stream thread per task; implementations hold no mutable state of their own.
 *
 * @param <S> the state of one key, immutable
 */
public interface KeyedEngine<S> {

    /** Names the repartition topic, the processor and the stores ({@code <name>-state}, {@code <name>-timers}). */
    String name();

    /** The keys a detection is routed to (none: it does not concern this engine). */
    List<String> keys(Detection d);

    /** Bytes of a state for the store and its changelog topic. */
    byte[] encode(S state);

    S decode(byte[] bytes);

    /** A detection for {@code key} ({@code state} null: the key is new). Never late: the processor drops those. */
    Step<S> add(String key, S state, Detection d);

    /** Event time has reached {@code upTo} (stream time minus grace): evaluate, emit, expire. */
    Step<S> advance(String key, S state, long upTo);

    /**
     * What a call left: the new state (null = forget the key), alerts to emit, the event time at which
     * {@link #advance} is next needed ({@link #NEVER}: only when another detection comes), and how many
     * detections the per-key cap dropped.
     */
    record Step<S>(S state, List<Alert> alerts, long due, int dropped) {
        public Step {
            alerts = List.copyOf(alerts);
        }
    }

    long NEVER = Long.MAX_VALUE;
}
