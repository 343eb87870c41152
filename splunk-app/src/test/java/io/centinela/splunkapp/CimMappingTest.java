package io.centinela.splunkapp;

import io.centinela.alert.Alert;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SPL-free CIM check: each example alert, flattened like KV_MODE=json and put through props.conf's FIELDALIAS/EVAL,
 * is matched against eventtypes.conf, tagged by tags.conf, and must then carry every field (with allowed values) of
 * each CIM data model its tags put it in.
 */
class CimMappingTest {

    static PropsMapping props;
    static ConfFile eventtypes;
    static ConfFile tags;

    @BeforeAll
    static void load() throws IOException {
        AppTree app = AppTree.fromSource();
        props = new PropsMapping(app.conf("props.conf").stanza(AppChecks.ALERT_ST));
        eventtypes = app.conf("eventtypes.conf");
        tags = app.conf("tags.conf");
    }

    /** Tags Splunk would give the event: from every eventtype whose search matches. */
    static Set<String> tagsOf(Map<String, List<String>> event) {
        Set<String> out = new TreeSet<>();
        eventtypes.stanzas().forEach((name, s) -> {
            if (SearchMatcher.matches(s.get("search"), event)) {
                ConfFile.Stanza t = tags.stanza("eventtype=" + name);
                if (t != null) {
                    t.settings().forEach((tag, v) -> {
                        if (v.equals("enabled")) {
                            out.add(tag);
                        }
                    });
                }
            }
        });
        return out;
    }

    static Map<String, List<String>> searchTime(Alert alert) {
        return props.apply(ExampleAlerts.asIndexed(alert));
    }

    static List<String> models(Set<String> tags) {
        return CimModels.ALL.stream().filter(m -> tags.containsAll(m.tags())).map(CimModels.Model::name).toList();
    }

    @Test
    void everyExampleAlertConformsToEveryDataModelItIsTaggedInto() {
        Map<String, List<String>> membership = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Alert alert : ExampleAlerts.all()) {
            Map<String, List<String>> event = searchTime(alert);
            Set<String> t = tagsOf(event);
            membership.put(alert.signature(), models(t));
            for (CimModels.Model m : CimModels.ALL) {
                if (t.containsAll(m.tags())) {
                    m.problems(event).forEach(p -> problems.add(alert.signature() + ": " + p));
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertEquals(Map.of(
                "Suspicious Execution of Powershell with Base64", List.of("Alerts", "Intrusion_Detection"),
                "SUSP_Office_Macro_AutoOpen", List.of("Alerts", "Malware"),
                "Classifier: malicious web request", List.of("Alerts", "Intrusion_Detection"),
                "HKTL_Mimikatz_Strings", List.of("Alerts", "Malware"),
                "Classifier: suspicious authentication", List.of("Alerts", "Intrusion_Detection")), membership);
    }

    @Test
    void aliasesAndEvalsGiveCimNamesAndValues() {
        Alert ps = ExampleAlerts.sysmonPowershell();
        Map<String, List<String>> e = searchTime(ps);
        assertEquals(List.of(ps.alertId()), e.get("id"));
        assertEquals(List.of(ps.alertId()), e.get("alert_id"), "indexed + extracted alert_id collapse to one value");
        assertEquals(List.of(ps.signatureId()), e.get("signature_id"));
        assertEquals(List.of("high"), e.get("severity"));
        assertEquals(List.of("4"), e.get("severity_id"));
        assertEquals(List.of("T1059.001"), e.get("mitre_technique_id"), "KV_MODE=json's mitre_technique_id{} gets its CIM name");
        assertEquals(List.of("sigma", "model"), e.get("detection_source"));
        assertEquals(List.of("unknown"), e.get("src"), "missing CIM-required src becomes unknown");
        assertFalse(e.containsKey("file_name"), "non-YARA alerts get no file_name");

        Map<String, List<String>> sparse = searchTime(ExampleAlerts.sparse());
        assertEquals(List.of("Centinela"), sparse.get("vendor_product"));
        assertEquals(List.of("alert"), sparse.get("type"));
        assertEquals(List.of("Classifier: suspicious authentication"), sparse.get("signature_id"));
        assertEquals(List.of("siem-conn-01"), sparse.get("dvc"), "dvc falls back to the HEC host");
        assertEquals(List.of("host"), sparse.get("ids_type"));
        assertEquals(List.of("allowed"), sparse.get("action"));
        assertEquals(List.of("none"), sparse.get("mitre_tactic"));

        Map<String, List<String>> proxy = searchTime(ExampleAlerts.proxyModelOnly());
        assertEquals(List.of("network"), proxy.get("ids_type"), "an alert with a URL is network IDS");

        Map<String, List<String>> mimikatz = searchTime(ExampleAlerts.mimikatzCommandLine());
        assertEquals(List.of("unknown"), mimikatz.get("file_name"));
        assertEquals(List.of("credential-access"), mimikatz.get("category"), "category falls back to the first tactic");
    }

    @Test
    void withoutPropsTheRawAlertFailsTheDataModels() {
        // Proves the check bites: the raw KV_MODE=json fields lack CIM's id, and the sparse alert lacks much more.
        Map<String, List<String>> raw = ExampleAlerts.asIndexed(ExampleAlerts.sparse());
        assertEquals(List.of("low", "low"), raw.get("severity"), "before props the indexed and extracted values double");
        List<String> problems = CimModels.ALERTS.problems(raw);
        assertTrue(problems.contains("Alerts: required field id missing"), problems.toString());
        assertTrue(problems.contains("Alerts: required field dest missing"), problems.toString());
        assertTrue(CimModels.MALWARE.problems(raw).contains("Malware: required field file_name missing"));
        Map<String, List<String>> badSeverity = new LinkedHashMap<>(searchTime(ExampleAlerts.sysmonPowershell()));
        badSeverity.put("severity", List.of("severe"));
        List<String> severityProblems = CimModels.ALERTS.problems(badSeverity);
        assertEquals(1, severityProblems.size(), severityProblems.toString());
        assertTrue(severityProblems.get(0).startsWith("Alerts: severity=[severe] not in"), severityProblems.toString());
    }
}
