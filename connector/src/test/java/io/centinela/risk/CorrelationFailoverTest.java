package io.centinela.risk;

import io.centinela.alert.Alert;
import io.centinela.event.Event;
import io.centinela.testkit.EmbeddedKafkaBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static io.centinela.risk.CorrelationEvents.MIN;
import static io.centinela.risk.CorrelationEvents.SEC;
import static io.centinela.risk.CorrelationEvents.logon;
import static io.centinela.risk.RiskKafka.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The correlation branch with two instances in one application id; one (a child JVM) is killed with SIGKILL
 * mid-window. The survivor takes its partitions, restores their correlation windows from the changelogs and emits
 * exactly the correlation alerts a single run gives for the same events (by id, duplicates included): those of the
 * offline {@code sigma scan} loop, and those of one instance on Kafka.
 */
class CorrelationFailoverTest {

    static final int PARTITIONS = 4;
    static final int SOURCES = 12;
    static final String SPRAY_ID = "9f25ac77-897f-4c12-b11a-b4edd49d30f1";
    private static final CorrelationEvents.Rules RULES = CorrelationEvents.logonRules();

    /** Spraying from 12 sources (10 accounts each) and a brute force then success; users {@code from..to-1}. */
    private static List<Event> phase(int from, int to, long offsetBase) {
        List<Event> out = new ArrayList<>();
        long off = offsetBase;
        for (int u = from; u < to; u++) {
            for (int s = 0; s < SOURCES; s++) {
                out.add(logon("win", off++, (u * SOURCES + s) * 5 * SEC, 4625, "user" + u, "10.0.1." + s));
            }
            out.add(logon("win", off++, (u * SOURCES + SOURCES) * 5 * SEC, 4625, "alice", "10.0.0.5"));
        }
        if (to == 10) {
            out.add(logon("win", off, 12 * MIN, 4624, "alice", "10.0.0.5"));
        }
        return out;
    }

    private static long keyed(List<Detection> ds) {
        CorrelationKeyedEngine e = new CorrelationKeyedEngine(RULES.standalone().correlations());
        return ds.stream().mapToLong(d -> e.keys(d).size()).sum();
    }

    @Test
    void theSurvivorOfAKillMinus9EmitsWhatASingleInstanceEmits(@TempDir Path dir) throws Exception {
        List<Event> firstEvents = phase(0, 5, 0);
        List<Event> secondEvents = phase(5, 10, 1000);
        List<Event> all = new ArrayList<>(firstEvents);
        all.addAll(secondEvents);
        List<String> expected = CorrelationEvents.offlineIds(RULES, all);
        assertEquals(SOURCES + 1, expected.size(), "every source sprayed, and alice's brute force succeeded");
        List<Detection> first = CorrelationEvents.detections(RULES, firstEvents);
        List<Detection> second = new ArrayList<>(CorrelationEvents.detections(RULES, secondEvents));
        second.add(CorrelationEvents.tick(3 * 60 * MIN)); // a watermark to every partition: windows close, expire

        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker().start()) {
            broker.createTopics(1, "cdet-f");
            broker.createTopics(1, "calerts-ha", "calerts-ref");
            Path log = dir.resolve("child.log");
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-cp", System.getProperty("java.class.path"), CorrelationChild.class.getName(),
                    broker.bootstrapServers(), "corr-ha", "cdet-f", "calerts-ha", String.valueOf(PARTITIONS),
                    dir.resolve("child-state").toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Set<Integer> childPartitions;
            try (RiskStreams survivor = start(broker, "corr-ha", "calerts-ha", dir.resolve("survivor-state"))) {
                try {
                    await(Duration.ofSeconds(90), () -> survivor.state() == org.apache.kafka.streams.KafkaStreams.State.RUNNING
                            && !survivor.activePartitions("correlation").isEmpty() && !ChildLog.status(log).partitions().isEmpty()
                            && survivor.activePartitions("correlation").size() + ChildLog.status(log).partitions().size() == PARTITIONS,
                            () -> "the two instances did not share the partitions: survivor "
                                    + survivor.activePartitions("correlation") + ", child " + ChildLog.tail(log));
                    RiskKafka.publish(broker, "cdet-f", first);
                    long keyedFirst = keyed(first);
                    await(Duration.ofSeconds(60), () -> survivor.stats("correlation").detections()
                            + ChildLog.status(log).detections() >= keyedFirst, () -> survivor.stats("correlation") + " / " + ChildLog.tail(log));
                    Thread.sleep(500); // a few commits: the child's share of the windows is in its changelog
                    ChildLog.Status at = ChildLog.status(log);
                    childPartitions = at.partitions();
                    assertTrue(at.detections() > 0, "the child held part of the windows: " + at);
                    assertTrue(RiskKafka.readAlerts(broker, "calerts-ha").isEmpty(), "nothing has crossed yet");
                    child.destroyForcibly(); // SIGKILL: no commit, no close, no leave-group
                    assertTrue(child.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
                } finally {
                    child.destroyForcibly();
                }
                RiskKafka.publish(broker, "cdet-f", second);
                await(Duration.ofSeconds(120), () -> RiskKafka.readAlerts(broker, "calerts-ha").size() >= expected.size(),
                        () -> "survivor " + survivor.stats("correlation") + " partitions " + survivor.activePartitions("correlation")
                                + " alerts " + RiskKafka.readAlerts(broker, "calerts-ha").size() + "/" + expected.size());
                assertEquals(Set.of(0, 1, 2, 3), survivor.activePartitions("correlation"), "the survivor took over");
                Thread.sleep(1000);
                List<Alert> ha = RiskKafka.readAlerts(broker, "calerts-ha");
                assertEquals(0, survivor.stats("correlation").late(), "nothing was late");
                assertEquals(expected, ha.stream().map(Alert::alertId).sorted().toList(),
                        "same alerts as sigma scan's loop, no duplicates");
                Set<Integer> fromChild = new TreeSet<>();
                for (Alert a : ha) {
                    if (a.signatureId().endsWith(SPRAY_ID)) {
                        int p = RiskKafka.partitionOf(SPRAY_ID + '\u0000' + a.src(), PARTITIONS);
                        if (childPartitions.contains(p)) fromChild.add(p);
                    }
                }
                assertFalse(fromChild.isEmpty(), "some sprayed sources lived on the killed child " + childPartitions);
            }
            try (RiskStreams single = start(broker, "corr-ref", "calerts-ref", dir.resolve("ref-state"))) {
                await(Duration.ofSeconds(90), () -> RiskKafka.readAlerts(broker, "calerts-ref").size() >= expected.size(),
                        () -> single.stats("correlation").toString());
                Thread.sleep(500);
                assertEquals(expected, RiskKafka.readAlerts(broker, "calerts-ref").stream().map(Alert::alertId).sorted().toList(),
                        "one instance on Kafka gives the same");
            }
        }
    }

    private static RiskStreams start(EmbeddedKafkaBroker broker, String app, String alerts, Path dir) {
        return RiskStreams.start(RiskKafka.streamsClient(broker.bootstrapServers()),
                RiskKafka.config(app, "cdet-f", alerts, PARTITIONS, dir),
                List.of(RiskTopology.correlation(RULES.standalone().correlations(), 10_000)));
    }
}
