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
 * SPL-free CIM check: each example alert (made by the analyzer's fusion code from real events, valid against
 * docs/alert-schema.json), flattened like KV_MODE=json and put through props.conf's FIELDALIAS/EVAL,
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
    void everyExampleAlertConformsToEveryDataModelItIsTaggedInto() throws IOException {
        var schema = com.networknt.schema.JsonSchemaFactory.getInstance(com.networknt.schema.SpecVersion.VersionFlag.V202012)
                .getSchema(AppChecks.alertSchema());
        Map<String, List<String>> membership = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        ExampleAlerts.all().forEach((name, alert) -> {
            var invalid = schema.validate(io.centinela.alert.AlertJson.mapper().valueToTree(alert));
            assertTrue(invalid.isEmpty(), name + " breaks docs/alert-schema.json: " + invalid);
            Map<String, List<String>> event = searchTime(alert);
            Set<String> t = tagsOf(event);
            membership.put(name, models(t));
            for (CimModels.Model m : CimModels.ALL) {
                if (t.containsAll(m.tags())) {
                    m.problems(event).forEach(p -> problems.add(name + ": " + p));
                }
            }
        });
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertEquals(Map.of(
                "sysmon sigma+model", List.of("Alerts", "Intrusion_Detection"),
                "sysmon yara on command line", List.of("Alerts", "Malware"),
                "phishing yara on attachment + model", List.of("Alerts", "Intrusion_Detection", "Malware"),
                "web attack model only", List.of("Alerts", "Intrusion_Detection"),
                "linux auth model only", List.of("Alerts", "Intrusion_Detection")), membership);
    }

    @Test
    void aliasesAndEvalsGiveCimNamesAndValues() {
        Alert ps = ExampleAlerts.sysmonSigmaAndModel();
        Map<String, List<String>> e = searchTime(ps);
        assertEquals(List.of(ps.alertId()), e.get("id"));
        assertEquals(List.of(ps.alertId()), e.get("alert_id"), "indexed + extracted alert_id collapse to one value");
        assertEquals(List.of(ps.signatureId()), e.get("signature_id"));
        assertEquals(List.of(ps.severity().cimName()), e.get("severity"));
        assertEquals(List.of(String.valueOf(ps.severityId())), e.get("severity_id"));
        assertEquals(List.of("T1033"), e.get("mitre_technique_id"), "KV_MODE=json's mitre_technique_id{} gets its CIM name");
        assertEquals(List.of("discovery"), e.get("mitre_tactic"));
        assertEquals(List.of("sigma", "model"), e.get("detection_source"));
        assertEquals(ps.dest() == null ? List.of("unknown") : List.of(ps.dest()), e.get("dest"));
        assertEquals(ps.src() == null ? List.of("unknown") : List.of(ps.src()), e.get("src"), "missing CIM-required src becomes unknown");

        Map<String, List<String>> linux = searchTime(ExampleAlerts.linuxModelOnly());
        assertEquals(List.of("Centinela"), linux.get("vendor_product"));
        assertEquals(List.of("alert"), linux.get("type"));
        assertEquals(List.of("host"), linux.get("ids_type"));
        assertEquals(List.of("allowed"), linux.get("action"));
        assertEquals(List.of("none"), linux.get("mitre_tactic"), "alerts without ATT&CK tactic still match the tactic filter");
        assertEquals(List.of("unknown"), linux.get("user"));

        Map<String, List<String>> mail = searchTime(ExampleAlerts.phishingAttachment());
        assertEquals(List.of("siem-conn-01"), mail.get("dvc"), "without a device in the event, dvc is the HEC host, not the recipient");
        assertEquals(List.of("unknown"), mail.get("file_path"), "a YARA alert's missing file_path becomes unknown for Malware");

        Map<String, List<String>> web = searchTime(ExampleAlerts.webAttackModelOnly());
        assertEquals(List.of("network"), web.get("ids_type"));

        Alert recon = ExampleAlerts.sysmonYaraCommandLine();
        Map<String, List<String>> yara = searchTime(recon);
        assertEquals(recon.fileName() == null ? List.of("unknown") : List.of(recon.fileName()), yara.get("file_name"));
    }

    @Test
    void withoutPropsTheRawAlertFailsTheDataModels() {
        // Proves the check bites: the raw KV_MODE=json fields lack CIM's id, and the sparse alert lacks much more.
        Alert linux = ExampleAlerts.linuxModelOnly();
        Map<String, List<String>> raw = ExampleAlerts.asIndexed(linux);
        String sev = linux.severity().cimName();
        assertEquals(List.of(sev, sev), raw.get("severity"), "before props the indexed and extracted values double");
        List<String> problems = CimModels.ALERTS.problems(raw);
        assertTrue(problems.contains("Alerts: required field id missing"), problems.toString());
        assertTrue(problems.contains("Alerts: required field user missing"), problems.toString());
        assertTrue(CimModels.MALWARE.problems(raw).contains("Malware: required field file_name missing"));
        Map<String, List<String>> badSeverity = new LinkedHashMap<>(searchTime(ExampleAlerts.sysmonSigmaAndModel()));
        badSeverity.put("severity", List.of("severe"));
        List<String> severityProblems = CimModels.ALERTS.problems(badSeverity);
        assertEquals(1, severityProblems.size(), severityProblems.toString());
        assertTrue(severityProblems.get(0).startsWith("Alerts: severity=[severe] not in"), severityProblems.toString());
    }
}
