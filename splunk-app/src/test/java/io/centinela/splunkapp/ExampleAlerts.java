package io.centinela.splunkapp;

import com.fasterxml.jackson.databind.JsonNode;
import io.centinela.alert.Alert;
import io.centinela.alert.AlertIds;
import io.centinela.alert.AlertJson;
import io.centinela.alert.AlertOrigin;
import io.centinela.alert.ModelDetection;
import io.centinela.alert.Severity;
import io.centinela.sigma.SigmaMatch;
import io.centinela.yara.YaraMatch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Realistic alerts built with the {@link Alert} record (until the fusion code is on main): a Sigma + model hit on
 * Sysmon, a YARA hit on an e-mail attachment, a model-only hit on a proxy log, a YARA hit on a command line (no
 * file), and a sparse alert with every optional CIM field left empty. {@link #maximal()} fills every field.
 */
public final class ExampleAlerts {

    private ExampleAlerts() {
    }

    public static final SigmaMatch SIGMA_ENCODED_PS = new SigmaMatch("fb843269-508c-4b76-8b8d-88679db22ce7",
            "Suspicious Execution of Powershell with Base64", "high", "test",
            List.of("attack.execution", "attack.t1059.001"), "frack113",
            List.of("https://github.com/SigmaHQ/sigma/tree/master/rules/windows/process_creation"),
            List.of("selection"), Map.of("CommandLine", " -enc "));

    public static final YaraMatch YARA_MACRO = new YaraMatch("SUSP_Office_Macro_AutoOpen", "signature-base",
            List.of("office"), Map.of("score", 60L, "date", "2020-06-01"), "Florian Roth", "attachment.content",
            List.of(new YaraMatch.MatchedString("$a1", 1204, 8, "AutoOpen")));

    public static final YaraMatch YARA_CMD = new YaraMatch("HKTL_Mimikatz_Strings", "signature-base",
            List.of("hacktool"), Map.of("score", 80L), "Florian Roth", "CommandLine",
            List.of(new YaraMatch.MatchedString("$s1", 12, 22, "sekurlsa::logonpasswords")));

    static ModelDetection model(double score) {
        return new ModelDetection("centinela-minilm", "1.0.0", score, 0.5,
                List.of(new ModelDetection.Attribution("CommandLine", 0.41), new ModelDetection.Attribution("Image", 0.07)));
    }

    static AlertOrigin kafka(long offset, String format, String kind, String event) {
        return new AlertOrigin("security-events", 3, offset, 1_764_200_000_000L + offset, null, null, format, kind, event, false);
    }

    public static List<Alert> all() {
        return List.of(sysmonPowershell(), emailAttachment(), proxyModelOnly(), mimikatzCommandLine(), sparse());
    }

    public static Alert sysmonPowershell() {
        AlertOrigin o = kafka(1001, "winlogbeat", "process_creation",
                "{\"EventID\":1,\"Image\":\"C:\\\\Windows\\\\System32\\\\WindowsPowerShell\\\\v1.0\\\\powershell.exe\",\"CommandLine\":\"powershell -enc SQBFAFgA\"}");
        return new Alert(AlertIds.of("security-events/3/1001", List.of("sigma:" + SIGMA_ENCODED_PS.id(), "model")),
                1_764_200_001.250, "centinela", "Centinela", "alert", SIGMA_ENCODED_PS.title(), SIGMA_ENCODED_PS.id(),
                "PowerShell started with a Base64-encoded command on WS-0142", Severity.HIGH, Severity.HIGH.id(),
                null, "WS-0142", "CORP\\jdoe", "WS-0142", List.of("T1059.001"), List.of("execution"), "execution",
                "host", "allowed", null, null, null, null, 78, "WS-0142", "system", "powershell.exe", "process",
                List.of("sigma", "model"), List.of(SIGMA_ENCODED_PS), List.of(), model(0.93),
                List.of("Sigma high: Suspicious Execution of Powershell with Base64", "model score 0.93 >= 0.50"), o);
    }

    public static Alert emailAttachment() {
        AlertOrigin o = kafka(2002, "ecs_email", "email", "{\"email\":{\"from\":\"billing@example.net\"}}");
        return new Alert(AlertIds.of("security-events/3/2002", List.of("yara:signature-base:SUSP_Office_Macro_AutoOpen")),
                1_764_200_002.500, "centinela", "Centinela", "alert", YARA_MACRO.rule(), "yara:signature-base:" + YARA_MACRO.rule(),
                "Office macro with AutoOpen in attachment invoice.docm", Severity.CRITICAL, Severity.CRITICAL.id(),
                "203.0.113.7", "mail-gw-01", "alice@corp.example", "mail-gw-01", List.of("T1566.001"),
                List.of("initial-access"), "malware", "network", "allowed", "invoice.docm", "/attachments/2002/invoice.docm",
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", null, 92, "alice@corp.example", "user",
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "file_hash",
                List.of("yara"), List.of(), List.of(YARA_MACRO), null, List.of("YARA SUSP_Office_Macro_AutoOpen matched $a1"), o);
    }

    public static Alert proxyModelOnly() {
        AlertOrigin o = new AlertOrigin(null, null, null, null, "/var/log/squid/access.log", 5123L, "ecs_web", "web",
                "{\"url\":{\"original\":\"http://198.51.100.9/gate.php?id=1\"}}", false);
        return new Alert(AlertIds.of("/var/log/squid/access.log:5123", List.of("model")), 1_764_200_003.000,
                "centinela", "Centinela", "alert", "Classifier: malicious web request", "model:centinela-minilm",
                "The classifier scored this proxy request 0.81", Severity.MEDIUM, Severity.MEDIUM.id(),
                "10.1.2.3", "198.51.100.9", null, null, List.of(), List.of(), null, null, null, null, null, null,
                "http://198.51.100.9/gate.php?id=1", 55, "10.1.2.3", "system", "198.51.100.9", "ip_address",
                List.of("model"), List.of(), List.of(), model(0.81), List.of("model score 0.81 >= 0.50"), o);
    }

    public static Alert mimikatzCommandLine() {
        AlertOrigin o = kafka(3003, "winlogbeat", "process_creation", "{\"CommandLine\":\"m.exe sekurlsa::logonpasswords\"}");
        return new Alert(AlertIds.of("security-events/3/3003", List.of("yara:signature-base:HKTL_Mimikatz_Strings")),
                1_764_200_004.000, "centinela", "Centinela", "alert", YARA_CMD.rule(), "yara:signature-base:" + YARA_CMD.rule(),
                "Mimikatz command line on SRV-DB-02", Severity.CRITICAL, Severity.CRITICAL.id(),
                null, "SRV-DB-02", "CORP\\svc_backup", null, List.of("T1003.001"), List.of("credential-access"),
                null, "host", null, null, null, null, null, 95, "SRV-DB-02", "system", null, null,
                List.of("yara"), List.of(), List.of(YARA_CMD), null, List.of("YARA HKTL_Mimikatz_Strings matched $s1"), o);
    }

    /** Only what every alert has: id, time, signature, severity, description, one detection source. */
    public static Alert sparse() {
        AlertOrigin o = kafka(4004, "linux", "auth", "{\"message\":\"Failed password for root\"}");
        return new Alert(AlertIds.of("security-events/3/4004", List.of("model")), 1_764_200_005.000,
                null, null, null, "Classifier: suspicious authentication", null,
                "The classifier scored this auth log line 0.66", Severity.LOW, Severity.LOW.id(),
                null, null, null, null, List.of(), List.of(), null, null, null, null, null, null, null,
                20, null, null, null, null, List.of("model"), List.of(), List.of(), model(0.66), List.of(), o);
    }

    /** Every field set, lists non-empty: its KV_MODE=json names are the alert schema's field names. */
    public static Alert maximal() {
        Alert a = emailAttachment();
        AlertOrigin o = new AlertOrigin("security-events", 1, 7L, 1_764_200_000_000L, "/var/log/x.json", 9L, "ecs_email",
                "email", "{}", true);
        return new Alert(a.alertId(), a.time(), a.app(), a.vendorProduct(), a.type(), a.signature(), a.signatureId(),
                a.description(), a.severity(), a.severityId(), a.src(), a.dest(), a.user(), "dvc-01", a.mitreTechniqueId(),
                a.mitreTactic(), a.category(), a.idsType(), a.action(), a.fileName(), a.filePath(), a.fileHash(),
                "http://example.net/x", a.riskScore(), a.riskObject(), a.riskObjectType(), a.threatObject(),
                a.threatObjectType(), List.of("sigma", "yara", "model"), List.of(SIGMA_ENCODED_PS), List.of(YARA_MACRO),
                model(0.9), List.of("r"), o);
    }

    /**
     * The event as Splunk extracts it: the HEC envelope's metadata, the indexed fields the connector sends
     * (alert_id, severity, signature_id, detection_source), then the alert flattened like KV_MODE=json, whose values
     * are appended to same-named indexed fields (the worst case: Splunk shows both).
     */
    public static Map<String, List<String>> asIndexed(Alert alert) {
        JsonNode json = AlertJson.mapper().valueToTree(alert);
        Map<String, List<String>> event = new LinkedHashMap<>();
        event.put("host", List.of(alert.dvc() != null ? alert.dvc() : "siem-conn-01"));
        event.put("source", List.of("centinela:connector"));
        event.put("sourcetype", List.of("centinela:alert"));
        event.put("index", List.of("centinela"));
        event.put("alert_id", List.of(alert.alertId()));
        event.put("severity", List.of(alert.severity().cimName()));
        event.put("detection_source", alert.detectionSources());
        if (alert.signatureId() != null) {
            event.put("signature_id", List.of(alert.signatureId()));
        }
        KvJson.flatten(json).forEach((k, v) -> event.merge(k, v, (a, b) -> {
            List<String> both = new java.util.ArrayList<>(a);
            both.addAll(b);
            return both;
        }));
        return event;
    }
}
