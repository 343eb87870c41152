package io.centinela.fusion;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.centinela.alert.Alert;
import io.centinela.alert.AlertJson;
import io.centinela.alert.ModelDetection;
import io.centinela.alert.Severity;
import io.centinela.event.Event;
import io.centinela.event.EventOrigin;
import io.centinela.event.EventParser;
import io.centinela.sigma.SigmaMatch;
import io.centinela.yara.YaraMatch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fusion on real normalised events (../shared/data) with constructed rule and model detections. */
class AlertFusionTest {

    private static Event sysmon;
    private static Event mordorWhoami;
    private static Event web;
    private static Event email;

    private final AlertFusion fusion = new AlertFusion(FusionPolicy.defaults(),
            Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

    @BeforeAll
    static void load() throws Exception {
        sysmon = Samples.sysmonProcessCreation();
        mordorWhoami = Samples.mlEvent("windows", w -> w.path("event").path("EventID").asInt() == 1
                && w.path("event").path("CommandLine").asText().contains("whoami"), 7);
        web = Samples.mlEvent("web", w -> w.path("category").asText().equals("web-attack"), 11);
        email = Samples.mlEvent("email", w -> w.path("label").asText().equals("malicious")
                && w.path("event").path("email").path("attachments").size() > 0, 3);
    }

    private static SigmaMatch rule(String level) {
        return Samples.sigma("rule-" + level, "Rule " + level, level, List.of("attack.execution", "attack.t1059"),
                Map.of("CommandLine", "x"));
    }

    private Alert alert(Event e, List<SigmaMatch> s, List<YaraMatch> y, ModelDetection m) {
        return fusion.fuse(e, s, y, m).orElseThrow(() -> new AssertionError("expected an alert"));
    }

    @Test
    void nothingFiredMeansNoAlert() {
        assertTrue(fusion.fuse(sysmon, List.of(), List.of(), null).isEmpty());
        assertTrue(fusion.fuse(sysmon, List.of(), List.of(), Samples.model(0.49)).isEmpty(), "below threshold");
        assertTrue(fusion.fuse(sysmon, null, null, null).isEmpty());
    }

    @Test
    void eachSourceAloneRaisesAnAlert() {
        assertEquals(List.of("sigma"), alert(sysmon, List.of(rule("low")), List.of(), null).detectionSources());
        assertEquals(List.of("yara"), alert(sysmon, List.of(),
                List.of(Samples.yara("Y", Map.of(), "CommandLine")), null).detectionSources());
        Alert model = alert(sysmon, List.of(), List.of(), Samples.model(0.5));
        assertEquals(List.of("model"), model.detectionSources());
        assertEquals(40, model.riskScore(), "a score exactly at the threshold gets the model floor");
        assertEquals(Severity.MEDIUM, model.severity());
        assertEquals("centinela-minilm", model.signatureId());
    }

    @Test
    void sigmaLevelsMapOneToOneToSeverity() {
        for (Severity s : Severity.values()) {
            Alert a = alert(sysmon, List.of(rule(s.cimName())), List.of(), null);
            assertEquals(s, a.severity(), s.cimName());
            assertEquals(s.id(), a.severityId());
            assertEquals(FusionPolicy.defaults().points(s), a.riskScore());
        }
    }

    @Test
    void riskOrdering() {
        List<Integer> risks = new ArrayList<>();
        for (String level : List.of("informational", "low", "medium", "high", "critical")) {
            risks.add(alert(sysmon, List.of(rule(level)), List.of(), null).riskScore());
        }
        for (int i = 1; i < risks.size(); i++) {
            assertTrue(risks.get(i) > risks.get(i - 1), "levels rise: " + risks);
        }
        YaraMatch y = Samples.yara("PowerShell_EncodedCommand", Map.of("severity", 5), "CommandLine");
        int high = alert(sysmon, List.of(rule("high")), List.of(), null).riskScore();
        int highYara = alert(sysmon, List.of(rule("high")), List.of(y), null).riskScore();
        int highYaraModel = alert(sysmon, List.of(rule("high")), List.of(y), Samples.model(0.9)).riskScore();
        int twoHigh = alert(sysmon, List.of(rule("high"), Samples.sigma("other", "Other", "high", List.of(),
                Map.of())), List.of(), null).riskScore();
        assertTrue(high < twoHigh && twoHigh < highYara && highYara < highYaraModel,
                List.of(high, twoHigh, highYara, highYaraModel).toString());
        // The worked examples of docs/fusion.md.
        assertEquals(List.of(75, 77, 87, 97), List.of(high, twoHigh, highYara, highYaraModel));
        assertEquals(List.of(10, 30, 50, 75, 95), risks);
        assertEquals(Severity.CRITICAL, alert(sysmon, List.of(rule("high")), List.of(y), Samples.model(0.9)).severity(),
                "three independent sources corroborate a high rule up to critical");
        int modelMax = alert(sysmon, List.of(), List.of(), Samples.model(1.0)).riskScore();
        int modelMid = alert(sysmon, List.of(), List.of(), Samples.model(0.75)).riskScore();
        assertTrue(40 < modelMid && modelMid < modelMax && modelMax == 80, modelMid + " " + modelMax);
        assertTrue(modelMax < risks.get(4), "the model alone never outranks a critical rule");
        assertEquals(100, alert(sysmon, List.of(rule("critical"), rule("high")), List.of(y), Samples.model(1.0))
                .riskScore(), "capped at 100");
    }

    @Test
    void yaraPointsFromMeta() {
        AlertFusion f = fusion;
        assertEquals(70, f.yaraPoints(Map.of("score", 70)));
        assertEquals(85, f.yaraPoints(Map.of("score", "85", "severity", 1)), "score wins over severity");
        assertEquals(50, f.yaraPoints(Map.of("severity", 5)), "1-10 severities scale by 10");
        assertEquals(10, f.yaraPoints(Map.of("severity", 1)));
        assertEquals(75, f.yaraPoints(Map.of("severity", "high")));
        assertEquals(60, f.yaraPoints(Map.of("description", "no severity")));
        assertEquals(100, f.yaraPoints(Map.of("score", 250)));
    }

    @Test
    void ruleHitsAreNeverSuppressedByDefault() {
        Alert a = alert(sysmon, List.of(rule("low")), List.of(), Samples.model(0.01));
        assertEquals(List.of("sigma"), a.detectionSources());
        assertEquals(30, a.riskScore(), "a low model score does not lower the rule's risk");
        assertTrue(a.reasons().stream().anyMatch(r -> r.contains("below its threshold, the rule hits stand")),
                a.reasons().toString());
        assertEquals(0.01, a.model().score());
    }

    @Test
    void suppressionIsAnOptionAndSparesStrongRules() {
        AlertFusion strict = new AlertFusion(FusionPolicy.defaults().withSuppression(0.2, Severity.MEDIUM));
        assertTrue(strict.fuse(sysmon, List.of(rule("low")), List.of(), Samples.model(0.05)).isEmpty());
        assertTrue(strict.fuse(sysmon, List.of(rule("medium")), List.of(), Samples.model(0.05)).isEmpty());
        assertTrue(strict.fuse(sysmon, List.of(rule("high")), List.of(), Samples.model(0.05)).isPresent(),
                "above suppressUpTo");
        assertTrue(strict.fuse(sysmon, List.of(rule("low")), List.of(), null).isPresent(), "unscored: kept");
        assertTrue(strict.fuse(sysmon, List.of(rule("low")), List.of(), Samples.model(0.3)).isPresent(),
                "model score above the suppression bar");
        assertTrue(strict.fuse(sysmon, List.of(rule("low")), List.of(Samples.yara("Y", Map.of("score", 80), "x")),
                Samples.model(0.05)).isPresent(), "a strong YARA hit is above suppressUpTo");
    }

    @Test
    void minSigmaLevelKeepsWeakRulesFromAlertingAlone() {
        AlertFusion f = new AlertFusion(FusionPolicy.defaults().withMinSigmaLevel(Severity.LOW));
        assertTrue(f.fuse(sysmon, List.of(rule("informational")), List.of(), null).isEmpty());
        Alert a = f.fuse(sysmon, List.of(rule("informational")), List.of(), Samples.model(0.9)).orElseThrow();
        assertEquals(2, a.reasons().size(), "the weak rule is still listed when something else alerts");
    }

    @Test
    void alertIdIsDeterministic() throws Exception {
        SigmaMatch a = rule("high");
        SigmaMatch b = Samples.sigma("second", "Second", "medium", List.of(), Map.of());
        YaraMatch y = Samples.yara("Y", Map.of(), "CommandLine");
        Alert one = alert(mordorWhoami, List.of(a, b), List.of(y), Samples.model(0.9));
        Alert again = alert(mordorWhoami, List.of(b, a), List.of(y), Samples.model(0.9));
        assertEquals(one.alertId(), again.alertId(), "detection order does not matter");
        ObjectMapper json = AlertJson.mapper();
        Event redelivered = new EventParser().parse(json.writeValueAsBytes(mordorWhoami.raw()), mordorWhoami.origin());
        assertEquals(json.writeValueAsString(one),
                json.writeValueAsString(alert(redelivered, List.of(a, b), List.of(y), Samples.model(0.9))),
                "a re-delivered event gives the same alert, byte for byte");
        assertNotEquals(one.alertId(), alert(mordorWhoami, List.of(a), List.of(y), Samples.model(0.9)).alertId());
        Event otherOffset = new EventParser().parse(json.writeValueAsBytes(mordorWhoami.raw()),
                new EventOrigin.Kafka("events.windows", 0, 8, 0));
        assertNotEquals(one.alertId(), alert(otherOffset, List.of(a, b), List.of(y), Samples.model(0.9)).alertId());
        assertTrue(one.alertId().matches("[0-9a-f]{32}"));
    }

    /** The model's verdict next to a rule hit can differ between deliveries; the id must not (docs/fusion.md). */
    @Test
    void alertIdOfARuleHitDoesNotDependOnTheModel() {
        SigmaMatch a = rule("high");
        Alert fired = alert(mordorWhoami, List.of(a), List.of(), Samples.model(0.9));
        Alert notFired = alert(mordorWhoami, List.of(a), List.of(), Samples.model(0.1));
        Alert unscored = alert(mordorWhoami, List.of(a), List.of(), null);
        assertEquals(List.of("sigma", "model"), fired.detectionSources());
        assertEquals(List.of("sigma"), notFired.detectionSources());
        assertEquals(fired.alertId(), notFired.alertId(), "model fired or not");
        assertEquals(fired.alertId(), unscored.alertId(), "event not scored (fallback to rules)");
        Alert modelOnly = alert(mordorWhoami, List.of(), List.of(), Samples.model(0.9));
        assertEquals(modelOnly.alertId(), alert(mordorWhoami, List.of(), List.of(), Samples.model(0.97)).alertId(),
                "the score never enters");
        assertNotEquals(fired.alertId(), modelOnly.alertId());
    }

    @Test
    void attackTagsFromSigmaAndYara() {
        AttackTags t = new AttackTags()
                .addSigmaTags(List.of("attack.execution", "attack.t1059.001", "attack.T1218", "attack.g0007",
                        "attack.s0002", "attack.defense_evasion", "attack.defense-evasion", "cve.2021-44228",
                        "detection.threat-hunting", "attack.command-and-control"))
                .addYara(List.of("t1055_012", "powershell"), Map.of("mitre_attack", "T1027, T1140.001",
                        "tactic", "credential-access", "description", "T9999 is not a meta ATT&CK key"));
        assertEquals(List.of("T1027", "T1055.012", "T1059.001", "T1140.001", "T1218"), List.copyOf(t.techniques()));
        assertEquals(List.of("command-and-control", "credential-access", "defense-evasion", "execution"),
                List.copyOf(t.tactics()));
        Alert a = alert(sysmon, List.of(Samples.sigma("r", "R", "high", List.of("attack.persistence",
                "attack.t1547.001"), Map.of())), List.of(), null);
        assertEquals(List.of("T1547.001"), a.mitreTechniqueId());
        assertEquals(List.of("persistence"), a.mitreTactic());
        assertEquals("persistence", a.category());
    }

    @Test
    void windowsCimFieldsAndReasons() {
        Alert a = alert(mordorWhoami, List.of(rule("high")),
                List.of(Samples.yara("PowerShell_EncodedCommand", Map.of("severity", 5), "ParentCommandLine")),
                Samples.model(0.93));
        assertEquals(mordorWhoami.field("Computer"), a.dest());
        assertEquals(a.dest(), a.dvc());
        assertEquals(mordorWhoami.field("User"), a.user());
        assertEquals("whoami.exe", a.fileName().toLowerCase());
        assertEquals(CimFields.hashFrom(mordorWhoami.field("Hashes")), a.fileHash());
        assertEquals(64, a.fileHash().length(), "SHA256 preferred");
        assertEquals(mordorWhoami.field("CommandLine"), a.threatObject());
        assertEquals("command", a.threatObjectType());
        assertEquals("system", a.riskObjectType());
        assertEquals("host", a.idsType());
        assertEquals("events.windows", a.origin().topic());
        assertEquals(7L, a.origin().offset());
        assertEquals(Instant.parse(mordorWhoami.field("@timestamp")).toEpochMilli() / 1000.0, a.time());
        String reasons = String.join("\n", a.reasons());
        assertTrue(reasons.contains("CommandLine=\"x\""), reasons);
        assertTrue(reasons.contains("$e at 17 \" -enc SQBGACgAJABQAFMAVgBl\""), reasons);
        assertTrue(reasons.contains("CommandLine +0.410"), reasons);
        assertEquals(3, a.reasons().size());
    }

    @Test
    void webCimFields() {
        Alert a = alert(web, List.of(Samples.sigma("sqli", "SQL Injection Strings In URI", "high",
                List.of("attack.initial-access", "attack.t1190"), Map.of("cs-uri-query", "waitfor"))), List.of(), null);
        assertEquals("network", a.idsType());
        assertEquals(web.field("c-uri"), a.url());
        assertEquals("localhost", a.dest(), "Host header without its port");
        assertNull(a.src(), "CSIC has no client address");
        assertEquals("localhost", a.riskObject());
        assertEquals(List.of("T1190"), a.mitreTechniqueId());
        assertEquals("web", a.origin().eventKind());
        assertEquals("ecs-web", a.origin().format());
    }

    @Test
    void emailCimFields() {
        Alert a = alert(email, List.of(), List.of(), Samples.model(0.97));
        assertEquals(email.field("recipient"), a.user());
        assertEquals("user", a.riskObjectType());
        assertEquals(email.field("sender"), a.threatObject());
        assertEquals("email_address", a.threatObjectType());
        assertEquals(email.field("email.attachments.file.name"), a.fileName());
        assertEquals("phishing", a.category());
    }

    @Test
    void originExcerptIsCapped() throws Exception {
        AlertFusion small = new AlertFusion(FusionPolicy.defaults().withExcerptMaxBytes(300));
        Alert cut = small.fuse(mordorWhoami, List.of(rule("high")), List.of(), null).orElseThrow();
        assertTrue(cut.origin().truncated());
        assertTrue(cut.origin().event().getBytes(StandardCharsets.UTF_8).length <= 300);
        assertTrue(mordorWhoami.raw().toString().startsWith(cut.origin().event()));
        Alert whole = alert(sysmon, List.of(rule("high")), List.of(), null);
        assertFalse(whole.origin().truncated());
        assertEquals(sysmon.raw(), new ObjectMapper().readTree(whole.origin().event()));
        assertEquals(sysmon.origin().key(), "file:" + whole.origin().file() + ":" + whole.origin().line());
        assertNull(whole.origin().topic());
        // Multi-byte characters are never split.
        String text = RawExcerpt.of("{\"a\":\"" + "é".repeat(400) + "\"}", 301).text();
        assertEquals(-1, text.indexOf('\uFFFD'));
    }

    @Test
    void policyFromConfigOverridesDefaultsAndNamesBadKeys() {
        FusionPolicy p = FusionPolicy.from(Map.of("highPoints", 80, "suppressRuleHitsBelowModelScore", "0.1",
                "suppressUpTo", "LOW", "excerptMaxBytes", 4096));
        assertEquals(80, p.highPoints());
        assertEquals(0.1, p.suppressRuleHitsBelowModelScore());
        assertEquals(Severity.LOW, p.suppressUpTo());
        assertEquals(4096, p.excerptMaxBytes());
        assertEquals(FusionPolicy.defaults().criticalPoints(), p.criticalPoints());
        assertEquals(FusionPolicy.defaults(), FusionPolicy.from(Map.of()));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> FusionPolicy.from(Map.of("hihgPoints", 80)));
        assertTrue(unknown.getMessage().contains("unknown key 'hihgPoints'") && unknown.getMessage().contains("highPoints"),
                unknown.getMessage());
        IllegalArgumentException badValue = assertThrows(IllegalArgumentException.class,
                () -> FusionPolicy.from(Map.of("suppressUpTo", "severe")));
        assertTrue(badValue.getMessage().contains("fusion.suppressUpTo"), badValue.getMessage());
        IllegalArgumentException outOfRange = assertThrows(IllegalArgumentException.class,
                () -> FusionPolicy.from(Map.of("highThreshold", 95)));
        assertTrue(outOfRange.getMessage().contains("must rise"), outOfRange.getMessage());
    }

    @Test
    void policyRejectsNonsense() {
        FusionPolicy d = FusionPolicy.defaults();
        assertThrows(IllegalArgumentException.class, () -> d.withExcerptMaxBytes(10));
        assertThrows(IllegalArgumentException.class, () -> d.withSuppression(1.5, Severity.LOW));
        assertEquals(Optional.empty(), Optional.ofNullable(d.suppressRuleHitsBelowModelScore()));
    }
}
