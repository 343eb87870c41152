package io.centinela.hec;

import com.fasterxml.jackson.databind.JsonNode;
import io.centinela.secret.Secret;
import io.centinela.testkit.HecTestServer;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HEC client against the in-JVM HEC server (which follows ../shared/docs/splunk.md). */
class HecClientTest {

    private static final String TOKEN = "12345678-1234-1234-1234-123456789012";

    private static List<byte[]> events(int n, int pad) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(("{\"time\":1700000000.123,\"sourcetype\":\"centinela:alert\",\"event\":{\"n\":" + i + ",\"pad\":\""
                    + "x".repeat(pad) + "\"}}").getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    private static HecConfig cfg(URI... uris) {
        return HecConfig.defaults(List.of(uris), Secret.of(TOKEN))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(10), Duration.ofMillis(100));
    }

    private static List<Integer> ns(HecTestServer s) {
        List<Integer> out = new ArrayList<>();
        for (JsonNode n : s.indexed()) {
            out.add(n.path("event").path("n").asInt());
        }
        return out;
    }

    @Test
    void gzipBatchIsIndexedInOrder() throws Exception {
        try (HecTestServer s = new HecTestServer(TOKEN); HecClient c = new HecClient(cfg(s.uri()))) {
            HecOutcome out = c.send(events(2500, 10));
            assertEquals(2500, out.deliveredCount());
            assertEquals(3, s.requests(), "1000 events per request");
            assertEquals(2500, ns(s).size());
            assertEquals(0, ns(s).get(0));
        }
    }

    @Test
    void code6DeadLettersOneAndResendsOnlyTheOnesAfterIt() throws Exception {
        try (HecTestServer s = new HecTestServer(TOKEN); HecClient c = new HecClient(cfg(s.uri()))) {
            s.rejectEventsContaining("\"n\":7,");
            HecOutcome out = c.send(events(20, 1));
            assertEquals(19, out.deliveredCount());
            assertEquals(List.of(7), new ArrayList<>(out.rejected().keySet()));
            assertTrue(out.rejected().get(7).contains("code 6"));
            List<Integer> got = ns(s);
            assertEquals(19, got.size(), "nothing indexed twice, nothing lost: " + got);
            assertFalse(got.contains(7));
        }
    }

    @Test
    void status413SplitsAndASingleOversizedEventIsRejected() throws Exception {
        try (HecTestServer s = new HecTestServer(TOKEN)) {
            s.maxContentLength(5000);
            HecConfig c0 = cfg(s.uri()).withBatch(1000, 900_000, false);
            try (HecClient c = new HecClient(c0)) {
                List<byte[]> ev = events(40, 400);
                ev.add(events(1, 6000).get(0));
                HecOutcome out = c.send(ev);
                assertEquals(40, out.deliveredCount());
                assertEquals(List.of(40), new ArrayList<>(out.rejected().keySet()));
                assertTrue(s.responses(413) > 1);
                assertEquals(40, ns(s).size());
            }
        }
    }

    @Test
    void fatalCodesStopWithTheCodeAndNeverTheToken() {
        try (HecTestServer s = new HecTestServer("another-token"); HecClient c = new HecClient(cfg(s.uri()))) {
            HecFatalException e = assertThrows(HecFatalException.class, () -> c.send(events(3, 1)));
            assertEquals(4, e.code());
            assertFalse(e.getMessage().contains(TOKEN));
            assertEquals(0, s.indexedCount());
        }
    }

    @Test
    void roundRobinSkipsADownEndpoint() throws Exception {
        int dead;
        try (ServerSocket ss = new ServerSocket(0)) {
            dead = ss.getLocalPort();
        }
        try (HecTestServer s = new HecTestServer(TOKEN);
             HecClient c = new HecClient(cfg(URI.create("http://127.0.0.1:" + dead), s.uri()).withBatch(10, 900_000, true))) {
            HecOutcome out = c.send(events(200, 1));
            assertEquals(200, out.deliveredCount());
            assertEquals(200, ns(s).size());
            assertTrue(c.healthy());
        }
    }

    @Test
    void indexerAckIsPolledUntilTrue() throws Exception {
        try (HecTestServer s = new HecTestServer(TOKEN, true, true)) {
            s.ackLagMillis(300);
            try (HecClient c = new HecClient(cfg(s.uri()).withAck(true, Duration.ofMillis(50), Duration.ofSeconds(5)))) {
                long t0 = System.nanoTime();
                assertEquals(50, c.send(events(50, 1)).deliveredCount());
                assertTrue(System.nanoTime() - t0 >= 250_000_000L, "waited for the ack");
            }
            // a client without ack against a useACK token: code 10 is a configuration error
            try (HecClient c = new HecClient(cfg(s.uri()))) {
                assertEquals(10, assertThrows(HecFatalException.class, () -> c.send(events(1, 1))).code());
            }
        }
    }
}
