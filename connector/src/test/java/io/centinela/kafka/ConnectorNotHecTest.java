package io.centinela.kafka;

import io.centinela.testkit.EmbeddedKafkaBroker;
import io.centinela.hec.HecFatalException;
import io.centinela.hec.NotHecServer;
import io.centinela.testkit.HecTestServer;
import io.centinela.pipeline.StandInRules;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 items 1 and 2 through the real connector (in-process KRaft broker): a HEC URL that answers a 200 login
 * page or a 301 stops the service with {@link HecFatalException} (which {@code centinela run} maps to exit 3),
 * counts no alert as delivered, dead-letters nothing and commits nothing; a run against a real HEC afterwards
 * delivers every alert, so nothing was lost.
 */
class ConnectorNotHecTest {

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
    void a200LoginPageStopsDeliveryAndCommitsNothing() throws Exception {
        try (NotHecServer stub = NotHecServer.loginPage()) {
            assertStopsAndCommitsNothingThenRecovers(stub, -200);
        }
    }

    @Test
    void a301StopsDeliveryDeadLettersNothingAndCommitsNothing() throws Exception {
        try (NotHecServer stub = NotHecServer.redirect(301)) {
            assertStopsAndCommitsNothingThenRecovers(stub, -301);
            assertEquals(0, stub.followed(), "redirect followed");
        }
    }

    private static void assertStopsAndCommitsNothingThenRecovers(NotHecServer stub, int code) throws Exception {
        PipelineHarness h = new PipelineHarness(broker, 2);
        // an attack at offset 0 of each partition: no record of either may be committed while HEC is not HEC
        h.produce(List.of(PipelineHarness.attack(90_000), PipelineHarness.attack(90_001)), List.of("attack", "attack"));
        h.produceMix(400, false);
        try (ConnectorService s = h.start(h.config(stub.uri()), StandInRules.engines())) {
            Throwable t = s.await(Duration.ofSeconds(30));
            assertInstanceOf(HecFatalException.class, t, "the service must stop with the fatal HEC error");
            assertEquals(code, ((HecFatalException) t).code());
            assertEquals(0, s.stats().alertsDelivered.sum(), "alerts counted as delivered");
            assertTrue(s.stats().alerts.sum() > 0, "alerts were raised and submitted");
            assertEquals(0, s.stats().deadLettered.sum(), "alerts dead-lettered");
        }
        assertTrue(stub.requests() >= 1);
        assertEquals(0L, h.committed().values().stream().mapToLong(Long::longValue).sum(),
                "offsets committed: " + h.committed());
        assertEquals(List.of(), h.dlqRecords(), "DLQ records");
        // fixed hec.urls: everything is delivered once, committed to the end
        try (HecTestServer hec = new HecTestServer(PipelineHarness.TOKEN);
             ConnectorService s2 = h.start(h.config(hec), StandInRules.engines())) {
            h.assertInvariants(hec, Set.of(), 0);
        }
    }
}
