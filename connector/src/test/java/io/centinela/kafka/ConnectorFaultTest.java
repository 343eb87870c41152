package io.centinela.kafka;

import io.centinela.testkit.EmbeddedKafkaBroker;
import io.centinela.hec.HecFatalException;
import io.centinela.testkit.HecTestServer;
import io.centinela.pipeline.StandInRules;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.centinela.kafka.PipelineHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults with real parts (in-process KRaft broker, in-JVM HEC). Each asserts: distinct delivered == expected,
 * DLQ == poison, committed == end offsets, duplicates bounded by the work in flight.
 */
class ConnectorFaultTest {

    static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void up() {
        broker = new EmbeddedKafkaBroker().start();
    }

    @AfterAll
    static void down() {
        broker.close();
    }

    @Test
    void hecDownThenBack() throws Exception {
        PipelineHarness h = new PipelineHarness(broker, 3); // every partition holds attacks
        h.produceMix(2000, true);
        try (HecTestServer hec = new HecTestServer(PipelineHarness.TOKEN)) {
            hec.down(true);
            try (ConnectorService s = h.start(h.config(hec), StandInRules.engines())) {
                Thread.sleep(2500);
                // nothing with an alert is delivered, so no partition may be committed past its first attack
                for (var e : h.committed().entrySet()) {
                    assertTrue(e.getValue() <= 10, "committed past an undelivered alert: " + e);
                }
                hec.down(false);
                h.assertInvariants(hec, Set.of(), 0);
                s.stop();
                assertNull(s.await(Duration.ofSeconds(30)));
            }
        }
    }

    @Test
    void storm503IsRetriedWithBackoff() throws Exception {
        PipelineHarness h = new PipelineHarness(broker, 2);
        h.produceMix(2000, true);
        try (HecTestServer hec = new HecTestServer(PipelineHarness.TOKEN)) {
            hec.busyFor(10);   // 503s with a healthy /health
            hec.stormFor(2000); // then 503s with /health 18
            try (ConnectorService s = h.start(h.config(hec), StandInRules.engines())) {
                h.assertInvariants(hec, Set.of(), 0);
                assertTrue(hec.responses(503) >= 10, "the storm happened");
            }
        }
    }

    @Test
    void slowHecBeyondClientTimeoutResendsWithBoundedDuplicates() throws Exception {
        PipelineHarness h = new PipelineHarness(broker, 2);
        h.produceMix(1000, false);
        try (HecTestServer hec = new HecTestServer(PipelineHarness.TOKEN)) {
            hec.delayMillis(2500); // client timeout is 2000 ms: Splunk indexes, the client retries
            try (ConnectorService s = h.start(h.config(hec), StandInRules.engines())) {
                await(Duration.ofSeconds(30), () -> hec.requests() >= 3, () -> "no requests");
                hec.delayMillis(0);
                // Each request answered late may have been indexed and then resent: at most one batch
                // (hec.batch.max.events = 100) of duplicates per request that started while HEC was slow.
                long slowRequests = hec.requests();
                h.assertInvariants(hec, Set.of(), slowRequests * 100);
            }
        }
    }

    @Test
    void code6InsideABatchDeadLettersOnlyThatEventAndResendsTheRest() throws Exception {
        PipelineHarness h = new PipelineHarness(broker, 1);
        h.produceMix(1000, true);
        String badKey = h.keys.get(503);
        try (HecTestServer hec = new HecTestServer(PipelineHarness.TOKEN)) {
            hec.rejectEventsContaining("logonpasswords 503\"");
            try (ConnectorService s = h.start(h.config(hec), StandInRules.engines())) {
                h.assertInvariants(hec, Set.of(badKey), 0);
                var dlq = h.dlqRecords().stream().filter(r -> "HecRejected".equals(
                        PipelineHarness.header(r, "centinela.error.class"))).toList();
                assertEquals(1, dlq.size());
                assertTrue(new String(dlq.get(0).value(), StandardCharsets.UTF_8).contains("logonpasswords 503"),
                        "the original bytes are dead-lettered");
                assertTrue(PipelineHarness.header(dlq.get(0), "centinela.error.reason").contains("code 6"));
                assertTrue(hec.responses(400) >= 1);
            }
        }
    }

    @Test
    void payloadTooLargeSplitsAndOversizedAlertGoesToDlq() throws Exception {
        PipelineHarness h = new PipelineHarness(broker, 1);
        h.produceMix(600, false);
        String huge = "{\"EventID\":1,\"Computer\":\"ws1.corp.local\",\"CommandLine\":\"mimikatz.exe "
                + "A".repeat(30_000) + "\"}";
        h.produce(List.of(huge.getBytes(StandardCharsets.UTF_8)), List.of("attack"));
        String hugeKey = h.keys.get(h.keys.size() - 1);
        try (HecTestServer hec = new HecTestServer(PipelineHarness.TOKEN)) {
            hec.maxContentLength(20_000);
            Map<String, Object> cfg = h.config(hec);
            cfg.put("hec.gzip", false);
            try (ConnectorService s = h.start(cfg, StandInRules.engines())) {
                h.assertInvariants(hec, Set.of(hugeKey), 0);
                assertTrue(hec.responses(413) >= 1, "HEC answered 413 and the client split");
            }
        }
    }

    @Test
    void indexerAckLagIsWaitedFor() throws Exception {
        PipelineHarness h = new PipelineHarness(broker, 2);
        h.produceMix(1000, true);
        try (HecTestServer hec = new HecTestServer(PipelineHarness.TOKEN, true, true)) {
            hec.ackLagMillis(700);
            Map<String, Object> cfg = h.config(hec);
            cfg.put("hec.ack.enabled", true);
            cfg.put("hec.ack.poll.ms", 50L);
            cfg.put("hec.ack.timeout.ms", 10_000L);
            try (ConnectorService s = h.start(cfg, StandInRules.engines())) {
                h.assertInvariants(hec, Set.of(), 0);
            }
        }
    }

    @Test
    void poisonAndOversizedEventsGoToTheDlqWithHeaders() throws Exception {
        PipelineHarness h = new PipelineHarness(broker, 2);
        h.produceMix(500, true);
        List<byte[]> bad = new ArrayList<>();
        bad.add(("{\"x\":\"" + "B".repeat(70_000) + "\"}").getBytes(StandardCharsets.UTF_8)); // over 64 KiB
        bad.add(new byte[] {(byte) 0xC3, (byte) 0x28, '{', '}'});                              // not UTF-8
        bad.add("[1,2,3]".getBytes(StandardCharsets.UTF_8));                                 // not an object
        h.produce(bad, List.of("poison", "poison", "poison"));
        try (HecTestServer hec = new HecTestServer(PipelineHarness.TOKEN);
             ConnectorService s = h.start(h.config(hec), StandInRules.engines())) {
            h.assertInvariants(hec, Set.of(), 0);
            Set<String> classes = new java.util.HashSet<>();
            for (var r : h.dlqRecords()) {
                classes.add(PipelineHarness.header(r, "centinela.error.class"));
                assertTrue(PipelineHarness.header(r, "centinela.error.reason").length() > 5);
            }
            assertEquals(Set.of("INVALID_JSON", "TOO_LARGE", "INVALID_UTF8", "NOT_AN_OBJECT"), classes);
        }
    }

    @Test
    void fatalTokenErrorStopsWithoutCommittingThenAFixedRunDeliversEverything() throws Exception {
        PipelineHarness h = new PipelineHarness(broker, 1);
        h.produceMix(500, false);
        try (HecTestServer hec = new HecTestServer(PipelineHarness.TOKEN)) {
            hec.disableToken(true);
            ConnectorService s = h.start(h.config(hec), StandInRules.engines());
            Throwable t = s.await(Duration.ofSeconds(30));
            assertInstanceOf(HecFatalException.class, t);
            assertEquals(1, ((HecFatalException) t).code());
            assertTrue(t.getMessage().contains("Token disabled") && !t.getMessage().contains(PipelineHarness.TOKEN),
                    "the alarm names the problem, never the token: " + t.getMessage());
            long committed = h.committed().values().stream().mapToLong(Long::longValue).sum();
            assertTrue(committed <= 3, "nothing past the first undelivered alert is committed: " + committed);
            hec.disableToken(false);
            try (ConnectorService s2 = h.start(h.config(hec), StandInRules.engines())) {
                h.assertInvariants(hec, Set.of(), 0);
            }
        }
    }

    @Test
    void consumerScaleOutAndIn() throws Exception {
        PipelineHarness h = new PipelineHarness(broker, 4);
        h.produceMix(4000, true);
        try (HecTestServer hec = new HecTestServer(PipelineHarness.TOKEN)) {
            hec.delayMillis(30); // keep work in flight while the group rebalances
            Map<String, Object> cfg = h.config(hec);
            ConnectorService a = h.start(cfg, StandInRules.engines());
            await(Duration.ofSeconds(30), () -> hec.indexedCount() > 20, () -> "no progress");
            ConnectorService b = h.start(cfg, StandInRules.engines());
            await(Duration.ofSeconds(30), () -> b.assignedPartitions() > 0, () -> "b never got partitions");
            a.stop();
            assertNull(a.await(Duration.ofSeconds(60)));
            hec.delayMillis(0);
            // a rebalance may re-deliver what was in flight; bounded by max in-flight events
            h.assertInvariants(hec, Set.of(), 2000);
            b.stop();
            assertNull(b.await(Duration.ofSeconds(60)));
        }
    }

    @Test
    void brokerRestartMidStream() throws Exception {
        PipelineHarness h = new PipelineHarness(broker, 2);
        h.produceMix(3000, true);
        try (HecTestServer hec = new HecTestServer(PipelineHarness.TOKEN)) {
            hec.delayMillis(20);
            try (ConnectorService s = h.start(h.config(hec), StandInRules.engines())) {
                await(Duration.ofSeconds(30), () -> hec.indexedCount() > 10, () -> "no progress");
                broker.stop();
                Thread.sleep(1500);
                broker.start();
                hec.delayMillis(0);
                h.assertInvariants(hec, Set.of(), 2000);
            }
        }
    }
}
