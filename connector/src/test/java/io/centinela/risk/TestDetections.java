package io.centinela.risk;

import java.util.List;
import java.util.Map;

/** Detections for the risk tests: a Sigma hit of a level with tactics, on a host and user. */
final class TestDetections {

    static final long T0 = 1_600_000_000_000L; // 2020-09-13, like the recorded attacks in ../shared
    static final long MIN = 60_000L;
    static final long HOUR = 60 * MIN;

    private TestDetections() {
    }

    static Detection sigma(String alertId, long timeMs, String host, String user, String ruleId, String level,
                           String... tactics) {
        return new Detection(alertId, timeMs, "rule " + ruleId, List.of(new Detection.Rule(ruleId, "rule " + ruleId, level)),
                List.of(), null, null, List.of(tactics), List.of(), null, host, user, host == null ? Map.of() : Map.of("dest", host), true,
                "events.windows", 0, Math.abs((long) alertId.hashCode()), "evtx-json", "windows");
    }

    static Detection model(String alertId, long timeMs, String host, double score) {
        return new Detection(alertId, timeMs, "model", List.of(), List.of(), score, 0.5, List.of(), List.of(), null,
                host, null, Map.of(), false, "events.windows", 0, 1L, "evtx-json", "windows");
    }
}
