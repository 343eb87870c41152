package io.centinela.splunkapp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The CIM data models Centinela maps to (../shared/docs/splunk.md): the tags that put an event in each, and the
 * fields each requires, with the allowed values where CIM fixes them (null = any non-empty value).
 */
public final class CimModels {

    public record Model(String name, Set<String> tags, Map<String, Set<String>> required) {
        /** What is wrong with this event for the model; empty when it conforms. */
        public List<String> problems(Map<String, List<String>> event) {
            List<String> out = new ArrayList<>();
            required.forEach((field, allowed) -> {
                List<String> values = event.get(field);
                if (values == null || values.isEmpty() || values.stream().allMatch(String::isBlank)) {
                    out.add(name + ": required field " + field + " missing");
                } else if (allowed != null && !allowed.containsAll(values)) {
                    out.add(name + ": " + field + "=" + values + " not in " + allowed);
                }
            });
            return out;
        }
    }

    private static final Set<String> SEVERITIES = Set.of("critical", "high", "medium", "low", "informational");

    public static final Model ALERTS = new Model("Alerts", Set.of("alert"), req(
            "app", null, "description", null, "dest", null, "id", null, "signature", null, "signature_id", null,
            "severity", SEVERITIES, "src", null, "type", Set.of("alarm", "alert", "event", "task", "warning"),
            "user", null));

    public static final Model INTRUSION_DETECTION = new Model("Intrusion_Detection", Set.of("ids", "attack"), req(
            "action", Set.of("allowed", "blocked"), "category", null, "dvc", null,
            "ids_type", Set.of("network", "host"), "severity", SEVERITIES, "signature", null, "vendor_product", null));

    public static final Model MALWARE = new Model("Malware", Set.of("malware", "attack"), req(
            "action", Set.of("allowed", "blocked", "deferred"), "category", null, "dest", null, "file_name", null,
            "file_path", null, "severity", SEVERITIES, "signature", null, "vendor_product", null));

    public static final List<Model> ALL = List.of(ALERTS, INTRUSION_DETECTION, MALWARE);

    private CimModels() {
    }

    private static Map<String, Set<String>> req(Object... kv) {
        Map<String, Set<String>> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            @SuppressWarnings("unchecked")
            Set<String> allowed = (Set<String>) kv[i + 1];
            m.put((String) kv[i], allowed);
        }
        return m;
    }
}
