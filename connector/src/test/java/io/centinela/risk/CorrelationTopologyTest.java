package io.centinela.risk;

import io.centinela.alert.Alert;
import io.centinela.alert.Severity;
import io.centinela.event.Event;
import io.centinela.testkit.EmbeddedKafkaBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.centinela.risk.CorrelationEvents.MIN;
import static io.centinela.risk.CorrelationEvents.SEC;
import static io.centinela.risk.CorrelationEvents.logon;
import static io.centinela.risk.RiskKafka.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The correlation branch on a real broker with the project's own logon correlations: password spraying (value_count)
 * and brute force followed by a success (a temporal_ordered correlation over the generate:false brute-force
 * event_count: a chain). Alerts fire once, equal by id what {@code sigma scan} gives for the same events, survive
 * out-of-order arrival within the grace period, ignore late events, expire their windows, and restore from the
 * changelog after the local state directory is lost.
 */
class CorrelationTopologyTest {

    private static EmbeddedKafkaBroker broker;
    private static final CorrelationEvents.Rules RULES = CorrelationEvents.logonRules();

    @BeforeAll
    static void start() {
        broker = new EmbeddedKafkaBroker().start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static RiskStreams start(String app, String det, String alerts, Path dir) {
        return RiskStreams.start(RiskKafka.streamsClient(broker.bootstrapServers()),
                RiskKafka.config(app, det, alerts, 2, dir),
                List.of(RiskTopology.correlation(RULES.standalone().correlations(), 10_000)));
    }

    /** How many keyed copies of these detections the branch processes (one per correlation key they feed). */
    private static long routed(List<Detection> ds) {
        CorrelationKeyedEngine e = new CorrelationKeyedEngine(RULES.standalone().correlations());
        return ds.stream().mapToLong(d -> e.keys(d).size()).sum();
    }

    /** 10 failed logons of alice from 10.0.0.5 (a brute force), then her success; 10 accounts sprayed from 10.0.0.9. */
    static List<Event> attack(String topic) {
        List<Event> es = new ArrayList<>();
        long off = 0;
        for (int i = 0; i < 10; i++) {
            es.add(logon(topic, off++, i * 20 * SEC, 4625, "alice", "10.0.0.5"));
        }
        es.add(logon(topic, off++, 5 * MIN, 4624, "alice", "10.0.0.5"));
        for (int i = 0; i < 10; i++) {
            es.add(logon(topic, off++, 6 * MIN + i * 10 * SEC, 4625, "user" + i, "10.0.0.9"));
        }
        return es;
    }

    @Test
    void firesOnceLikeTheOfflineScanInAnyOrderWithinGraceDropsLateAndExpires(@TempDir Path dir) throws Exception {
        broker.createTopics(1, "cdet-a");
        broker.createTopics(1, "calerts-a");
        List<Event> events = attack("win");
        List<String> expected = CorrelationEvents.offlineIds(RULES, events);
        assertEquals(2, expected.size(), "offline: spraying, and brute force followed by success");
        List<Detection> ds = new ArrayList<>(CorrelationEvents.detections(RULES, events));
        assertEquals(21, ds.size(), "every logon is a generate:false base rule hit, published all the same");
        // out of order within the 10 min grace: the success first, a spraying event last, the brute force reversed
        List<Detection> shuffled = new ArrayList<>();
        shuffled.add(ds.get(10));
        for (int i = 9; i >= 0; i--) shuffled.add(ds.get(i));
        shuffled.addAll(ds.subList(12, 21));
        shuffled.add(ds.get(11));
        try (RiskStreams s = start("corr-a", "cdet-a", "calerts-a", dir)) {
            RiskKafka.publish(broker, "cdet-a", shuffled);
            RiskKafka.publish(broker, "cdet-a", List.of(CorrelationEvents.tick(3 * 60 * MIN)));
            KeyedStateStats st = s.stats("correlation");
            await(Duration.ofSeconds(90), () -> RiskKafka.readAlerts(broker, "calerts-a").size() >= 2, st::toString);
            await(Duration.ofSeconds(30), () -> st.keys() == 0, () -> "every window expired: " + st);
            List<Alert> alerts = RiskKafka.readAlerts(broker, "calerts-a");
            assertEquals(expected, alerts.stream().map(Alert::alertId).sorted().toList(), "same ids as sigma scan");

            Alert chain = alerts.stream().filter(a -> a.severity() == Severity.CRITICAL).findFirst().orElseThrow();
            assertEquals("Brute Force Followed By A Successful Logon", chain.signature());
            assertEquals("sigma-correlation:912f1b59-8891-4d84-8466-5d45f4fb9c89", chain.signatureId());
            assertEquals("alice", chain.user());
            assertEquals("10.0.0.5", chain.src());
            assertEquals("alice", chain.riskObject());
            assertTrue(chain.mitreTechniqueId().containsAll(List.of("T1110.001", "T1078")), chain.mitreTechniqueId().toString());
            assertTrue(chain.mitreTactic().contains("credential-access"), chain.mitreTactic().toString());
            assertTrue(chain.reasons().get(0).contains("temporal_ordered"), chain.reasons().toString());
            assertNotNull(chain.origin());
            assertTrue(chain.origin().event().contains("\"group_by\""), chain.origin().event());

            Alert spray = alerts.stream().filter(a -> a.severity() == Severity.HIGH).findFirst().orElseThrow();
            assertEquals("10.0.0.9", spray.src());
            assertTrue(spray.reasons().get(0).contains("value_count 10 (condition gte 10)"), spray.reasons().get(0));
            assertEquals("win", spray.origin().topic(), "coordinates of the newest contributing event");
            assertTrue(spray.origin().event().contains("kafka:win/0/"), spray.origin().event());
            assertTrue(spray.reasons().stream().anyMatch(r -> r.startsWith("kafka:win/0/") && r.contains("TargetUserName=user")),
                    spray.reasons().toString());

            // a brute force from hours ago arrives now: late, dropped, counted; nothing new fires
            List<Detection> late = CorrelationEvents.detections(RULES, attack("late").subList(0, 11));
            RiskKafka.publish(broker, "cdet-a", late);
            await(Duration.ofSeconds(30), () -> st.late() == routed(late), st::toString);
            assertEquals(2, RiskKafka.readAlerts(broker, "calerts-a").size(), "late events change nothing");
        }
    }

    @Test
    void aRestartWithAWipedStateDirectoryRestoresTheWindowsFromTheChangelog(@TempDir Path dir) throws Exception {
        broker.createTopics(1, "cdet-b");
        broker.createTopics(1, "calerts-b");
        List<Event> events = attack("win");
        List<Detection> ds = CorrelationEvents.detections(RULES, events);
        Path dir1 = dir.resolve("one");
        RiskStreams one = start("corr-b", "cdet-b", "calerts-b", dir1);
        RiskKafka.publish(broker, "cdet-b", ds.subList(0, 6)); // half the brute force
        await(Duration.ofSeconds(90), () -> one.stats("correlation").detections() == routed(ds.subList(0, 6)), () -> one.stats("correlation").toString());
        one.close();
        try (var files = Files.walk(dir1)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        assertFalse(Files.exists(dir1), "local state is gone");
        try (RiskStreams two = start("corr-b", "cdet-b", "calerts-b", dir.resolve("two"))) {
            assertTrue(two.awaitRunning(Duration.ofSeconds(90)));
            KeyedStateStats st = two.stats("correlation");
            assertTrue(st.keys() >= 1, "the brute-force chain restored: " + st);
            RiskKafka.publish(broker, "cdet-b", ds.subList(6, ds.size()));
            RiskKafka.publish(broker, "cdet-b", List.of(CorrelationEvents.tick(3 * 60 * MIN)));
            await(Duration.ofSeconds(90), () -> RiskKafka.readAlerts(broker, "calerts-b").size() >= 2, st::toString);
            assertEquals(CorrelationEvents.offlineIds(RULES, events),
                    RiskKafka.readAlerts(broker, "calerts-b").stream().map(Alert::alertId).sorted().toList(),
                    "the chain counts the failures from before the restart");
        }
    }

    @Test
    void aChainKeyStaysUnderKafkasRecordLimitWhateverTheNumberOfGroups() {
        // every brute-force group lives on the one chain key: a flood of (user, source) pairs must not grow its
        // value past the 1 MiB changelog record limit (found by bench risk before the cap existed)
        CorrelationKeyedEngine e = new CorrelationKeyedEngine(RULES.standalone().correlations());
        CorrelationState state = null;
        String key = null;
        int capped = 0;
        for (int i = 0; i < 5000; i++) {
            Detection d = CorrelationEvents.detection(RULES, logon("flood", i, i * 100L, 4625, "u" + i, "10.2." + (i % 250) + "." + (i / 250)));
            key = e.keys(d).stream().filter(k -> k.startsWith("chain:")).findFirst().orElseThrow();
            KeyedEngine.Step<CorrelationState> step = e.add(key, state, d);
            state = step.state();
            capped += step.dropped();
        }
        assertTrue(e.encode(state).length < 1_000_000, "value bytes " + e.encode(state).length);
        assertEquals(5000 - CorrelationKeyedEngine.MAX_CONTRIBUTIONS_PER_KEY, capped, "every dropped group counted");
        assertTrue(state.groups().keySet().stream().anyMatch(k -> k.contains("u4999")), "the newest groups are kept");
    }
}
