package io.centinela.risk;

import io.centinela.alert.Alert;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a single, in-order run of the pure engine emits for a set of detections (none late): the tests' yardstick. */
final class ReferenceRisk {

    private ReferenceRisk() {
    }

    static List<Alert> alerts(RiskPolicy policy, List<Detection> detections) {
        RiskEngine e = new RiskEngine(policy);
        Map<String, List<Detection>> byKey = new LinkedHashMap<>();
        for (Detection d : detections) {
            for (String k : e.keys(d)) {
                byKey.computeIfAbsent(k, x -> new ArrayList<>()).add(d);
            }
        }
        List<Alert> out = new ArrayList<>();
        byKey.forEach((k, ds) -> {
            RiskState s = null;
            for (Detection d : ds) {
                s = e.add(k, s, d).state();
            }
            out.addAll(e.advance(k, s, Long.MAX_VALUE / 2).alerts());
        });
        return out;
    }

    static List<String> sortedIds(List<Alert> alerts) {
        return alerts.stream().map(Alert::alertId).sorted().toList();
    }

    static int keyed(List<Detection> ds) {
        return ds.stream().mapToInt(d -> RiskObjects.keys(d).size()).sum();
    }
}
