package io.centinela.risk;

import io.centinela.alert.Alert;
import io.centinela.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.centinela.risk.TestDetections.HOUR;
import static io.centinela.risk.TestDetections.MIN;
import static io.centinela.risk.TestDetections.T0;
import static io.centinela.risk.TestDetections.model;
import static io.centinela.risk.TestDetections.sigma;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pure engine: formula, crossing, quiet period, expiry, order independence, caps, policy checks. */
class RiskEngineTest {

    private final RiskEngine engine = new RiskEngine(RiskPolicy.defaults());

    /** Feeds detections for one key in the given order, advancing the watermark as the processor would. */
    private List<Alert> run(RiskEngine e, String key, List<Detection> in) {
        RiskState s = null;
        long streamTime = Long.MIN_VALUE;
        List<Alert> out = new ArrayList<>();
        for (Detection d : in) {
            streamTime = Math.max(streamTime, d.eventTimeMs());
            long wm = streamTime - e.policy().graceMs();
            if (d.eventTimeMs() <= wm) {
                continue; // late
            }
            s = e.add(key, s, d).state();
            KeyedEngine.Step<RiskState> st = e.advance(key, s, wm);
            out.addAll(st.alerts());
            s = st.state();
        }
        if (s != null) {
            out.addAll(e.advance(key, s, streamTime + 48 * HOUR).alerts()); // the end of time: everything closes
        }
        return out;
    }

    @Test
    void pointsFollowTheDocumentedFormula() {
        RiskPolicy p = RiskPolicy.defaults();
        assertEquals(5, p.points(sigma("a", T0, "h", null, "r", "informational")));
        assertEquals(15, p.points(sigma("a", T0, "h", null, "r", "low")));
        assertEquals(30, p.points(sigma("a", T0, "h", null, "r", null))); // no level scores as medium
        assertEquals(60, p.points(sigma("a", T0, "h", null, "r", "high")));
        assertEquals(90, p.points(sigma("a", T0, "h", null, "r", "critical")));
        assertEquals(0, p.points(model("m", T0, "h", 0.29)), "below risk.model.min.score");
        assertEquals(24, p.points(model("m", T0, "h", 0.4)), "0.4 x 60, though below the model's alert threshold");
        Detection yara = new Detection("y", T0, "y", List.of(), List.of(new Detection.Yara("ns:r", 75)), null, null,
                List.of(), List.of(), null, "h", null, Map.of(), true, null, null, null, null, null);
        assertEquals(45, p.points(yara), "75 x 0.6");
        assertEquals(75, Detection.yaraScore(Map.of("score", 75)));
        assertEquals(50, Detection.yaraScore(Map.of("severity", 5)));
        assertEquals(60, Detection.yaraScore(Map.of()));
    }

    @Test
    void riskAccumulatesAndFiresOnceWhenCrossing() {
        List<Detection> in = new ArrayList<>();
        String[] rules = {"r1", "r2", "r3", "r4", "r5", "r6"};
        for (int i = 0; i < rules.length; i++) { // 6 different medium rules, 30 points each, one per hour
            in.add(sigma("a" + i, T0 + i * HOUR, "WS5.corp", "CORP\\bob", rules[i], "medium", "discovery"));
        }
        List<Alert> alerts = run(engine, "system:ws5.corp", in);
        assertEquals(1, alerts.size(), "crossing 100 at the 4th detection; the 5th and 6th stay in the quiet period");
        Alert a = alerts.get(0);
        assertEquals((T0 + 3 * HOUR) / 1000.0, a.time(), 1e-9);
        assertEquals(100, a.riskScore());
        assertEquals("WS5.corp", a.riskObject());
        assertEquals("system", a.riskObjectType());
        assertEquals("WS5.corp", a.dest());
        assertEquals(RiskAlerts.SCORE_SIGNATURE_ID, a.signatureId());
        assertTrue(a.reasons().get(0).startsWith("Risk 120 for system WS5.corp"), a.reasons().get(0)); // 4 x 30; risk_score caps at 100
        assertTrue(a.origin().event().contains("\"contributing_alert_ids\":[\"a0\",\"a1\",\"a2\",\"a3\"]"), a.origin().event());
        assertEquals(List.of("discovery"), a.mitreTactic());
        assertTrue(a.alertId().matches("[0-9a-f]{32}"));
    }

    @Test
    void reFiresOnlyAfterTheQuietPeriodWithNewEvidence() {
        List<Detection> in = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            in.add(sigma("a" + i, T0 + i * MIN, "h1", null, "r" + i, "medium"));
        }
        for (int i = 0; i < 4; i++) { // a day later: a second, separate build-up
            in.add(sigma("b" + i, T0 + 30 * HOUR + i * MIN, "h1", null, "s" + i, "medium"));
        }
        List<Alert> alerts = run(engine, "system:h1", in);
        assertEquals(2, alerts.size());
        assertNotEquals(alerts.get(0).alertId(), alerts.get(1).alertId());
    }

    @Test
    void tacticCountTriggersBelowTheScoreThreshold() {
        List<Detection> in = List.of(
                sigma("a", T0, "h2", null, "r1", "low", "execution"),
                sigma("b", T0 + MIN, "h2", null, "r2", "low", "discovery"),
                sigma("c", T0 + 2 * MIN, "h2", null, "r3", "low", "persistence"));
        List<Alert> alerts = run(engine, "system:h2", in);
        assertEquals(1, alerts.size());
        Alert a = alerts.get(0);
        assertEquals(45, a.riskScore());
        assertEquals(RiskAlerts.TACTICS_SIGNATURE_ID, a.signatureId());
        assertEquals(List.of("discovery", "execution", "persistence"), a.mitreTactic());
        assertTrue(a.reasons().get(1).contains("at least 3"), a.reasons().toString());
        RiskEngine off = new RiskEngine(RiskPolicy.from(Map.of("risk.tactics", 0)));
        assertEquals(0, run(off, "system:h2", in).size(), "risk.tactics 0 turns the trigger off");
    }

    @Test
    void theWindowSlidesInEventTime() {
        // 3 high detections 13 h apart: any 24 h window holds at most 2 (120 points) ... with threshold 150 no alert
        RiskEngine e = new RiskEngine(RiskPolicy.from(Map.of("risk.threshold", 150)));
        List<Detection> in = List.of(
                sigma("a", T0, "h3", null, "r1", "high"),
                sigma("b", T0 + 13 * HOUR, "h3", null, "r2", "high"),
                sigma("c", T0 + 26 * HOUR, "h3", null, "r3", "high"));
        assertEquals(0, run(e, "system:h3", in).size(), "the first detection expired before the third came");
        List<Detection> closer = List.of(
                sigma("a", T0, "h3", null, "r1", "high"),
                sigma("b", T0 + 11 * HOUR, "h3", null, "r2", "high"),
                sigma("c", T0 + 23 * HOUR, "h3", null, "r3", "high"));
        assertEquals(1, run(e, "system:h3", closer).size(), "all three inside 24 h");
    }

    @Test
    void stateExpiresWhenTheWindowHasPassed() {
        RiskState s = engine.add("system:h", null, sigma("a", T0, "h", null, "r", "low")).state();
        KeyedEngine.Step<RiskState> st = engine.advance("system:h", s, T0 + 1);
        assertEquals(1, st.state().contributions().size());
        assertEquals(T0 + 24 * HOUR, st.due(), "next due: the expiry of the only detection");
        assertNull(engine.advance("system:h", st.state(), T0 + 24 * HOUR).state(), "forgotten after the window");
    }

    @Test
    void outOfOrderWithinGraceGivesTheSameAlertsAsInOrder() {
        List<Detection> in = new ArrayList<>();
        for (int i = 0; i < 40; i++) { // every 10 s, low/medium mixed, two tactics
            in.add(sigma("d" + i, T0 + i * 10_000L, "h4", "u", "r" + (i % 7), i % 3 == 0 ? "medium" : "low",
                    i % 2 == 0 ? "execution" : "discovery"));
        }
        List<String> ordered = run(engine, "system:h4", in).stream().map(Alert::alertId).toList();
        assertTrue(!ordered.isEmpty());
        Random r = new Random(7);
        for (int round = 0; round < 20; round++) {
            List<Detection> shuffled = new ArrayList<>(in);
            // shuffle inside blocks of 20 detections (200 s), well inside the 5 min grace
            for (int b = 0; b < shuffled.size(); b += 20) {
                Collections.shuffle(shuffled.subList(b, Math.min(shuffled.size(), b + 20)), r);
            }
            assertEquals(ordered, run(engine, "system:h4", shuffled).stream().map(Alert::alertId).toList());
        }
    }

    @Test
    void aReplayedDetectionCountsOnce() {
        RiskState s = engine.add("system:h", null, sigma("a", T0, "h", null, "r", "high")).state();
        RiskState again = engine.add("system:h", s, sigma("a", T0, "h", null, "r", "high")).state();
        assertEquals(1, again.contributions().size());
    }

    @Test
    void aNoisyRuleAloneIsNotAnIncident() {
        List<Detection> in = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            in.add(sigma("n" + i, T0 + i * MIN, "h5", null, "noisy", "medium"));
        }
        assertEquals(0, run(engine, "system:h5", in).size(), "counted 3 times: 90 < 100");
        in.add(sigma("x", T0 + 60 * MIN, "h5", null, "other", "low"));
        List<Alert> a = run(engine, "system:h5", in);
        assertEquals(1, a.size());
        assertTrue(a.get(0).reasons().stream().anyMatch(s -> s.contains("fired 50 times; counted 3")), a.get(0).reasons().toString());
    }

    @Test
    void thePerEntityCapKeepsTheNewest() {
        RiskEngine e = new RiskEngine(RiskPolicy.from(Map.of("risk.entity.max.detections", 5)));
        RiskState s = null;
        int dropped = 0;
        for (int i = 0; i < 12; i++) {
            KeyedEngine.Step<RiskState> st = e.add("system:h", s, sigma("c" + (100 + i), T0 + i, "h", null, "r", "low"));
            s = st.state();
            dropped += st.dropped();
        }
        assertEquals(5, s.contributions().size());
        assertEquals(7, dropped);
        assertEquals("c107", s.contributions().get(0).alertId());
    }

    @Test
    void statesRoundTripThroughTheirBytes() {
        RiskState s = engine.add("user:corp\\bob", null, sigma("a", T0, "h", "CORP\\bob", "r", "high", "execution")).state();
        assertEquals(s, engine.decode(engine.encode(s)));
        assertEquals("CORP\\bob", s.value());
        assertEquals("user", s.type());
    }

    @Test
    void riskAlertsFollowTheAlertSchema() throws Exception {
        com.networknt.schema.JsonSchema schema;
        try (var in = java.nio.file.Files.newInputStream(java.nio.file.Path.of("..", "docs", "alert-schema.json"))) {
            schema = com.networknt.schema.JsonSchemaFactory.getInstance(com.networknt.schema.SpecVersion.VersionFlag.V202012)
                    .getSchema(in);
        }
        List<Alert> alerts = new ArrayList<>(run(engine, "system:h2", List.of(
                sigma("a", T0, "h2", null, "r1", "low", "execution"),
                sigma("b", T0 + MIN, "h2", null, "r2", "low", "discovery"),
                sigma("c", T0 + 2 * MIN, "h2", null, "r3", "low", "persistence"))));
        alerts.addAll(run(engine, "user:corp\\eve", List.of(
                sigma("u1", T0, null, "CORP\\eve", "r1", "critical"), sigma("u2", T0 + 1, null, "CORP\\eve", "r2", "high"))));
        assertEquals(2, alerts.size());
        for (Alert a : alerts) {
            var tree = io.centinela.alert.AlertJson.mapper().valueToTree(a);
            assertEquals(java.util.Set.of(), schema.validate(tree), tree.toString());
            assertEquals(a, DetectionCodec.decodeAlert(io.centinela.alert.AlertJson.mapper().writeValueAsBytes(a)),
                    "the alert topic's JSON reads back as the same alert");
        }
        assertEquals("user", alerts.get(1).riskObjectType());
        assertEquals("CORP\\eve", alerts.get(1).user());
        assertEquals("high", alerts.get(1).severity().cimName(), "150 < 2 x threshold");
        assertEquals("high", alerts.get(0).severity().cimName(), "tactics only: high");
    }

    @Test
    void badSettingsFailWithTheKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> RiskPolicy.from(Map.of("risk.points.high", 10)));
        assertTrue(e.getMessage().contains("risk.points"), e.getMessage());
        assertThrows(ConfigException.class, () -> RiskPolicy.from(Map.of("risk.grace.ms", 90_000_000L)));
        ConfigException unknown = assertThrows(ConfigException.class, () -> RiskPolicy.from(Map.of("risk.treshold", 5)));
        assertTrue(unknown.getMessage().contains("risk.threshold"), unknown.getMessage());
        assertThrows(ConfigException.class, () -> RiskPolicy.from(Map.of("risk.mode", "loud")));
        assertThrows(ConfigException.class, () -> RiskPolicy.from(Map.of("risk.model.min.score", 1.5)));
    }
}
