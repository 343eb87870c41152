package io.centinela.risk;

import io.centinela.alert.Alert;
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
import java.util.Map;

import static io.centinela.risk.RiskKafka.await;
import static io.centinela.risk.TestDetections.HOUR;
import static io.centinela.risk.TestDetections.MIN;
import static io.centinela.risk.TestDetections.T0;
import static io.centinela.risk.TestDetections.sigma;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The topology on a real broker: alerts once per crossing, late and expired detections, restore, bounded state. */
class RiskTopologyTest {

    private static EmbeddedKafkaBroker broker;

    static final RiskPolicy POLICY = RiskPolicy.from(Map.of("risk.window.ms", 2 * HOUR, "risk.grace.ms", 10 * MIN));

    @BeforeAll
    static void start() {
        broker = new EmbeddedKafkaBroker().start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static Detection tick(long time) {
        return sigma("tick-" + time, time, "tick-host", null, "tick", "informational");
    }

    @Test
    void firesOncePerCrossingByScoreAndByTacticsThenExpires(@TempDir Path dir) throws Exception {
        broker.createTopics(1, "det-a");
        broker.createTopics(1, "alerts-a");
        List<Detection> in = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            in.add(sigma("a" + i, T0 + i * MIN, "HOST-A", null, "ra" + i, "medium", "discovery"));
        }
        in.add(sigma("b0", T0, "host-b", null, "rb0", "low", "execution"));
        in.add(sigma("b1", T0 + MIN, "host-b", null, "rb1", "low", "discovery"));
        in.add(sigma("b2", T0 + 2 * MIN, "host-b", null, "rb2", "low", "persistence"));
        in.add(sigma("c0", T0, "host-c", null, "rc0", "medium"));
        in.add(sigma("c1", T0 + MIN, "host-c", null, "rc1", "medium"));
        List<Detection> all = new ArrayList<>(in);
        all.add(tick(T0 + 5 * HOUR)); // moves event time past every window and its expiry
        try (RiskStreams s = RiskStreams.startRisk(RiskKafka.streamsClient(broker.bootstrapServers()),
                RiskKafka.config("risk-a", "det-a", "alerts-a", 1, dir), POLICY)) {
            RiskKafka.publish(broker, "det-a", in);
            RiskKafka.publish(broker, "det-a", List.of(all.get(all.size() - 1)));
            KeyedStateStats st = s.stats("risk");
            await(Duration.ofSeconds(90), () -> st.detections() == ReferenceRisk.keyed(all), st::toString);
            await(Duration.ofSeconds(30), () -> RiskKafka.readAlerts(broker, "alerts-a").size() >= 2, st::toString);
            List<Alert> alerts = RiskKafka.readAlerts(broker, "alerts-a");
            assertEquals(2, alerts.size(), "HOST-A once by score, host-b once by tactics, host-c not: " + alerts);
            assertEquals(ReferenceRisk.sortedIds(ReferenceRisk.alerts(POLICY, in)), ReferenceRisk.sortedIds(alerts));
            assertEquals(List.of("centinela:risk:score", "centinela:risk:tactics"),
                    alerts.stream().map(Alert::signatureId).sorted().toList());
            assertEquals(1, st.keys(), "every window but the tick's expired: " + st);

            RiskKafka.publish(broker, "det-a", List.of(sigma("late", T0 + 2 * MIN, "HOST-A", null, "rl", "critical")));
            await(Duration.ofSeconds(30), () -> st.late() == 1, st::toString);
            assertEquals(2, RiskKafka.readAlerts(broker, "alerts-a").size(), "a late detection changes nothing");
        }
    }

    @Test
    void aRestartWithAWipedStateDirectoryRestoresFromTheChangelog(@TempDir Path dir) throws Exception {
        broker.createTopics(1, "det-b");
        broker.createTopics(1, "alerts-b");
        List<Detection> first = List.of(sigma("d0", T0, "host-d", null, "rd0", "medium"),
                sigma("d1", T0 + MIN, "host-d", null, "rd1", "medium"));
        List<Detection> second = List.of(sigma("d2", T0 + 2 * MIN, "host-d", null, "rd2", "medium"),
                sigma("d3", T0 + 3 * MIN, "host-d", null, "rd3", "medium"), tick(T0 + 5 * HOUR));
        Path dir1 = dir.resolve("one");
        RiskStreams one = RiskStreams.startRisk(RiskKafka.streamsClient(broker.bootstrapServers()),
                RiskKafka.config("risk-b", "det-b", "alerts-b", 1, dir1), POLICY);
        RiskKafka.publish(broker, "det-b", first);
        await(Duration.ofSeconds(90), () -> one.stats("risk").detections() == 2, () -> one.stats("risk").toString());
        one.close();
        try (var files = Files.walk(dir1)) { // the disk is lost: only the changelog topics have the state
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        assertFalse(Files.exists(dir1), "local state is gone");

        try (RiskStreams two = RiskStreams.startRisk(RiskKafka.streamsClient(broker.bootstrapServers()),
                RiskKafka.config("risk-b", "det-b", "alerts-b", 1, dir.resolve("two")), POLICY)) {
            assertTrue(two.awaitRunning(Duration.ofSeconds(90)));
            KeyedStateStats st = two.stats("risk");
            assertEquals(1, st.keys(), "host-d restored from the changelog: " + st);
            assertTrue(st.stateBytes() > 0);
            RiskKafka.publish(broker, "det-b", second);
            await(Duration.ofSeconds(60), () -> !RiskKafka.readAlerts(broker, "alerts-b").isEmpty(), st::toString);
            List<Alert> alerts = RiskKafka.readAlerts(broker, "alerts-b");
            List<Detection> both = new ArrayList<>(first);
            both.addAll(second.subList(0, 2));
            assertEquals(ReferenceRisk.sortedIds(ReferenceRisk.alerts(POLICY, both)), ReferenceRisk.sortedIds(alerts),
                    "the alert counts the two detections from before the restart (4 x 30 = 120; 2 alone are 60)");
            assertTrue(alerts.get(0).origin().event().contains("\"d0\",\"d1\",\"d2\",\"d3\""), alerts.get(0).origin().event());
        }
    }

    @Test
    void aFloodOfDistinctEntitiesIsCappedAndCounted(@TempDir Path dir) throws Exception {
        broker.createTopics(1, "det-c");
        broker.createTopics(1, "alerts-c");
        RiskPolicy capped = RiskPolicy.from(Map.of("risk.window.ms", 2 * HOUR, "risk.grace.ms", 10 * MIN,
                "risk.entities.max", 50));
        List<Detection> flood = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            flood.add(sigma("f" + i, T0 + i * 1000L, "spoofed-" + i, null, "rf", "low"));
        }
        try (RiskStreams s = RiskStreams.startRisk(RiskKafka.streamsClient(broker.bootstrapServers()),
                RiskKafka.config("risk-c", "det-c", "alerts-c", 1, dir), capped)) {
            RiskKafka.publish(broker, "det-c", flood);
            KeyedStateStats st = s.stats("risk");
            await(Duration.ofSeconds(90), () -> st.detections() == 500, st::toString);
            assertEquals(50, st.keys(), st.toString());
            assertEquals(450, st.evicted(), st.toString());
            assertTrue(st.stateBytes() < 50 * 1024, "bounded bytes: " + st);
        }
    }
}
