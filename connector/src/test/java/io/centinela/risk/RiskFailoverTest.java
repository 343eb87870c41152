package io.centinela.risk;

import io.centinela.alert.Alert;
import io.centinela.testkit.EmbeddedKafkaBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.centinela.risk.RiskKafka.await;
import static io.centinela.risk.TestDetections.HOUR;
import static io.centinela.risk.TestDetections.T0;
import static io.centinela.risk.TestDetections.sigma;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two instances in one application id; one (a child JVM) is killed with SIGKILL mid-window. The survivor takes its
 * partitions, restores their state from the changelogs and emits exactly the risk alerts that a single instance emits
 * for the same detections (compared by id, duplicates included).
 */
class RiskFailoverTest {

    /** Grace covers the whole test's event-time spread: what is emitted cannot depend on arrival order. */
    static final RiskPolicy POLICY = RiskPolicy.from(Map.of("risk.window.ms", 2 * HOUR, "risk.grace.ms", HOUR));
    static final int PARTITIONS = 4;
    static final String[] TACTICS = {"execution", "discovery", "persistence", "lateral-movement"};

    private static List<Detection> phase(int from, int to) {
        List<Detection> out = new ArrayList<>();
        for (int j = from; j < to; j++) {
            for (int h = 0; h < 24; h++) {
                out.add(sigma("h" + h + "-" + j, T0 + (j * 24L + h) * 5000L, "host-" + h, "CORP\\u" + (h % 6),
                        "r" + j, h % 4 == 0 ? "low" : "medium", TACTICS[j]));
            }
        }
        return out;
    }

    private static List<Detection> ticks() {
        List<Detection> out = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) { // one per by-key partition: every task's event time moves on
            String host = RiskKafka.keyInPartition("system:tick-", p, PARTITIONS).substring("system:".length());
            out.add(sigma("tick-" + p, T0 + 10 * HOUR, host, null, "tick", "informational"));
        }
        return out;
    }

    @Test
    void theSurvivorOfAKillMinus9EmitsWhatASingleInstanceEmits(@TempDir Path dir) throws Exception {
        List<Detection> first = phase(0, 2);
        List<Detection> second = phase(2, 4);
        List<Detection> all = new ArrayList<>(first);
        all.addAll(second);
        all.addAll(ticks());
        List<String> expected = ReferenceRisk.sortedIds(ReferenceRisk.alerts(POLICY, all));
        assertTrue(expected.size() >= 20, "the data raises alerts for hosts and users: " + expected.size());

        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker().start()) {
            broker.createTopics(1, "det-f"); // one log: the order every by-key partition sees (docs/risk.md)
            broker.createTopics(1, "alerts-ha", "alerts-ref");
            Path log = dir.resolve("child.log");
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-cp", System.getProperty("java.class.path"), RiskChild.class.getName(),
                    broker.bootstrapServers(), "risk-ha", "det-f", "alerts-ha", String.valueOf(PARTITIONS),
                    dir.resolve("child-state").toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Set<Integer> childPartitions;
            try (RiskStreams survivor = RiskStreams.startRisk(RiskKafka.streamsClient(broker.bootstrapServers()),
                    RiskKafka.config("risk-ha", "det-f", "alerts-ha", PARTITIONS, dir.resolve("survivor-state")), POLICY)) {
                try {
                    await(Duration.ofSeconds(90), () -> survivor.state() == org.apache.kafka.streams.KafkaStreams.State.RUNNING
                            && !survivor.activePartitions("risk").isEmpty() && !ChildLog.status(log).partitions().isEmpty()
                            && survivor.activePartitions("risk").size() + ChildLog.status(log).partitions().size() == PARTITIONS,
                            () -> "the two instances did not share the partitions: survivor "
                                    + survivor.activePartitions("risk") + ", child " + ChildLog.tail(log));
                    RiskKafka.publish(broker, "det-f", first);
                    int keyedFirst = ReferenceRisk.keyed(first);
                    await(Duration.ofSeconds(60), () -> survivor.stats("risk").detections()
                            + ChildLog.status(log).detections() >= keyedFirst, () -> survivor.stats("risk") + " / " + ChildLog.tail(log));
                    Thread.sleep(500); // a few commits: the child's share of the window is in its changelog
                    ChildLog.Status at = ChildLog.status(log);
                    childPartitions = at.partitions();
                    assertTrue(at.detections() > 0, "the child held part of the window: " + at);
                    assertTrue(RiskKafka.readAlerts(broker, "alerts-ha").isEmpty(), "no window has closed yet");
                    child.destroyForcibly(); // SIGKILL: no commit, no close, no leave-group
                    assertTrue(child.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
                } finally {
                    child.destroyForcibly();
                }
                // Phase 2 and the ticks go out at once, while the dead member's partitions are still orphaned: the
                // single-partition detections topic keeps every by-key partition in log order, so nothing is late.
                RiskKafka.publish(broker, "det-f", second);
                RiskKafka.publish(broker, "det-f", ticks());
                await(Duration.ofSeconds(120), () -> RiskKafka.readAlerts(broker, "alerts-ha").size() >= expected.size(),
                        () -> "survivor " + survivor.stats("risk") + " partitions " + survivor.activePartitions("risk")
                                + " alerts " + RiskKafka.readAlerts(broker, "alerts-ha").size() + "/" + expected.size());
                assertEquals(Set.of(0, 1, 2, 3), survivor.activePartitions("risk"), "the survivor took over");
                Thread.sleep(1000);
                List<Alert> ha = RiskKafka.readAlerts(broker, "alerts-ha");
                assertEquals(0, survivor.stats("risk").late(), "nothing was late");
                assertEquals(expected, ReferenceRisk.sortedIds(ha), "same alerts as the pure engine, no duplicates");
                Set<Integer> alertedFromChild = new TreeSet<>();
                for (Alert a : ha) {
                    int p = RiskKafka.partitionOf(a.riskObjectType() + ":" + a.riskObject().toLowerCase(Locale.ROOT), PARTITIONS);
                    if (childPartitions.contains(p)) {
                        alertedFromChild.add(p);
                    }
                }
                assertFalse(alertedFromChild.isEmpty(), "some alerted entities lived on the killed child " + childPartitions);
            }
            // The yardstick on Kafka too: one instance over the same detections.
            try (RiskStreams single = RiskStreams.startRisk(RiskKafka.streamsClient(broker.bootstrapServers()),
                    RiskKafka.config("risk-ref", "det-f", "alerts-ref", PARTITIONS, dir.resolve("ref-state")), POLICY)) {
                await(Duration.ofSeconds(90), () -> single.stats("risk").detections() >= ReferenceRisk.keyed(all)
                        && RiskKafka.readAlerts(broker, "alerts-ref").size() >= expected.size(), () -> single.stats("risk").toString());
                Thread.sleep(500);
                assertEquals(expected, ReferenceRisk.sortedIds(RiskKafka.readAlerts(broker, "alerts-ref")));
            }
        }
    }
}
