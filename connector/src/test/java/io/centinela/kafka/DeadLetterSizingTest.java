package io.centinela.kafka;

import io.centinela.testkit.EmbeddedKafkaBroker;
import io.centinela.config.CentinelaConfig;
import io.centinela.config.ConfigException;
import io.centinela.testkit.HecTestServer;
import io.centinela.pipeline.PipelineStats;
import io.centinela.pipeline.StandInRules;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The poison-pill case of issue 12: a 5 MB event on a topic that allows 6 MB, with the broker's default 1 MB message
 * size. The dead-letter topic must take it (created or raised at start), or, where it cannot be raised, get a
 * truncated copy; either way the stream moves on, offsets commit, and a restart writes no duplicate. The broker runs
 * {@link LockedDlqPolicy}, so {@code locked-*.dlq} topics cannot be raised, as without the AlterConfigs right.
 */
class DeadLetterSizingTest {

    private static final Map<String, String> SIX_MB = Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(6 << 20));
    private static final int BROKER_DEFAULT = 1048588; // Kafka's message.max.bytes default

    static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void up() {
        broker = new EmbeddedKafkaBroker(null, Map.of("alter.config.policy.class.name", LockedDlqPolicy.class.getName()))
                .start();
    }

    @AfterAll
    static void down() {
        broker.close();
    }

    /** A 5 MiB JSON event of incompressible text (so no compression can make it fit a 1 MB topic). */
    private static byte[] fiveMegabyteEvent() {
        byte[] filler = new byte[5 << 20];
        Random rnd = new Random(12);
        for (int i = 0; i < filler.length; i++) {
            filler[i] = (byte) ('a' + rnd.nextInt(26));
        }
        byte[] head = "{\"EventID\":1,\"Computer\":\"ws1.corp.local\",\"Data\":\"".getBytes(StandardCharsets.UTF_8);
        byte[] out = Arrays.copyOf(head, filler.length);
        System.arraycopy(filler, 0, out, head.length, filler.length - head.length - 2);
        out[out.length - 2] = '"';
        out[out.length - 1] = '}';
        return out;
    }

    private int limit(String topic) throws Exception {
        try (Admin admin = Admin.create(broker.clientProperties())) {
            ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            return Integer.parseInt(admin.describeConfigs(List.of(r)).all().get(30, TimeUnit.SECONDS).get(r)
                    .get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value());
        }
    }

    private static ConnectorService service(Map<String, Object> cfg) {
        return new ConnectorService(CentinelaConfig.fromMap(cfg), StandInRules.engines(), new PipelineStats(),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), Duration.ofSeconds(20));
    }

    /** Poison, the big event, more poison; then a restart over the same group with a few new events. */
    private static ConsumerRecord<byte[], byte[]> runTwiceAndGetTheBigRecord(PipelineHarness h, Map<String, Object> extra,
                                                                          byte[] big) throws Exception {
        h.produceMix(600, true);
        h.produce(List.of(big), List.of("poison"));
        String bigKey = h.keys.get(h.keys.size() - 1);
        h.produceMix(600, true);
        try (HecTestServer hec = new HecTestServer(PipelineHarness.TOKEN)) {
            Map<String, Object> cfg = h.config(hec);
            cfg.putAll(extra);
            try (ConnectorService s = h.start(cfg, StandInRules.engines())) {
                h.assertInvariants(hec, Set.of(), 0); // DLQ == poison + big, committed == end, every alert once
                s.stop();
                assertNull(s.await(Duration.ofSeconds(30)), "the first run stopped cleanly");
            }
            long dlqAfterFirst = h.dlqRecords().size();
            // restart: a new service in the same group reads only what came after the commit
            h.produceMix(200, true); // one more poison record (at 125)
            try (ConnectorService s2 = h.start(cfg, StandInRules.engines())) {
                h.assertInvariants(hec, Set.of(), 0);
                s2.stop();
                assertNull(s2.await(Duration.ofSeconds(30)));
            }
            List<ConsumerRecord<byte[], byte[]>> dlq = h.dlqRecords();
            assertEquals(h.expectedDlq.size(), dlq.size(), "one DLQ record per poison record, no duplicate after the restart");
            assertEquals(dlqAfterFirst + 1, dlq.size(), "the restart dead-lettered only the new poison record");
            List<ConsumerRecord<byte[], byte[]>> bigOnes = dlq.stream().filter(r -> bigKey.equals(
                    PipelineHarness.header(r, "centinela.origin.topic") + "/" + PipelineHarness.header(r, "centinela.origin.partition")
                            + "/" + PipelineHarness.header(r, "centinela.origin.offset"))).toList();
            assertEquals(1, bigOnes.size(), "the big event is dead-lettered exactly once");
            assertEquals("TOO_LARGE", PipelineHarness.header(bigOnes.get(0), "centinela.error.class"));
            return bigOnes.get(0);
        }
    }

    @Test
    void aDlqCreatedLargeEnoughTakesTheWholeFiveMegabyteEvent() throws Exception {
        PipelineHarness h = new PipelineHarness(broker, 1, "events-", SIX_MB, false);
        byte[] big = fiveMegabyteEvent();
        ConsumerRecord<byte[], byte[]> r = runTwiceAndGetTheBigRecord(h, Map.of(), big);
        assertTrue(limit(h.topic + ".dlq") >= 6 << 20, "the DLQ was created with the source's limit");
        assertArrayEquals(big, r.value(), "the full original bytes");
        assertNull(PipelineHarness.header(r, DeadLetterWriter.TRUNCATION_REASON));
    }

    @Test
    void anExistingSmallerDlqIsRaisedAtStart() throws Exception {
        PipelineHarness h = new PipelineHarness(broker, 1, "events-", SIX_MB, true);
        assertEquals(BROKER_DEFAULT, limit(h.topic + ".dlq"), "precondition: the DLQ has the broker default");
        try (HecTestServer hec = new HecTestServer(PipelineHarness.TOKEN)) {
            service(h.config(hec)).preflight();
        }
        assertEquals(DeadLetterTopics.target(6 << 20), limit(h.topic + ".dlq"));
    }

    @Test
    void aDlqThatCannotBeRaisedFailsTheStartNamingTopicSizesAndFix() throws Exception {
        PipelineHarness h = new PipelineHarness(broker, 1, LockedDlqPolicy.PREFIX, SIX_MB, true);
        try (HecTestServer hec = new HecTestServer(PipelineHarness.TOKEN)) {
            ConfigException e = assertThrows(ConfigException.class, () -> service(h.config(hec)).preflight());
            assertEquals(1, e.problems().size(), e.getMessage());
            String m = e.problems().get(0);
            assertTrue(m.contains(h.topic + ".dlq") && m.contains(String.valueOf(BROKER_DEFAULT))
                    && m.contains(String.valueOf(6 << 20)), m);
            assertTrue(m.contains("--add-config max.message.bytes=" + DeadLetterTopics.target(6 << 20))
                    && m.contains("kafka.dlq.undersized: truncate") && !m.contains("\n"), m);
        }
        assertEquals(BROKER_DEFAULT, limit(h.topic + ".dlq"));
    }

    @Test
    void aDlqThatCannotTakeTheEventGetsATruncatedCopyWithHashSizeAndReason() throws Exception {
        PipelineHarness h = new PipelineHarness(broker, 1, LockedDlqPolicy.PREFIX, SIX_MB, true);
        byte[] big = fiveMegabyteEvent();
        ConsumerRecord<byte[], byte[]> r = runTwiceAndGetTheBigRecord(h, Map.of("kafka.dlq.undersized", "truncate"), big);
        assertEquals(BROKER_DEFAULT, limit(h.topic + ".dlq"), "the DLQ kept its limit");
        assertArrayEquals(Arrays.copyOf(big, DeadLetterWriter.TRUNCATED_BYTES), r.value(), "the first 64 KiB");
        assertEquals(DeadLetterWriter.sha256(big), PipelineHarness.header(r, DeadLetterWriter.ORIGINAL_SHA256));
        assertEquals(String.valueOf(big.length), PipelineHarness.header(r, DeadLetterWriter.ORIGINAL_SIZE));
        assertEquals(TruncationReason.TOPIC_LIMIT.name(), PipelineHarness.header(r, DeadLetterWriter.TRUNCATION_REASON));
        assertTrue(PipelineHarness.header(r, DeadLetterWriter.TRUNCATION_DETAIL).length() > 10);
    }
}
