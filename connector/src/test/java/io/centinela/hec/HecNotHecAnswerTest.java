package io.centinela.hec;

import io.centinela.secret.Secret;
import io.centinela.testkit.HecTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HEC client against URLs that do not answer like HEC (issue 12 items 1 and 2), over real HTTP. */
class HecNotHecAnswerTest {

    private static final String TOKEN = "12345678-1234-1234-1234-123456789012";

    private static List<byte[]> events(int n) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(("{\"time\":1700000000.123,\"event\":{\"n\":" + i + "}}").getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    private static HecClient client(NotHecServer s) {
        return new HecClient(HecConfig.defaults(List.of(s.uri()), Secret.of(TOKEN))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(10), Duration.ofMillis(100))
                .withBatch(10, 900_000, true));
    }

    @Test
    void a200LoginPageIsFatalAndNothingCountsAsDelivered() throws Exception {
        try (NotHecServer s = NotHecServer.loginPage(); HecClient c = client(s)) {
            HecFatalException e = assertThrows(HecFatalException.class, () -> c.send(events(25)));
            assertEquals(-200, e.code());
            assertTrue(e.getMessage().contains("does not answer like HEC") && e.getMessage().contains("Sign in"),
                    e.getMessage());
            assertFalse(e.getMessage().contains(TOKEN));
            assertEquals(1, s.requests(), "stops at the first answer: no retry storm, no further batch");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 307, 308})
    void aRedirectIsFatalNeverFollowedAndNothingIsRejected(int status) throws Exception {
        try (NotHecServer s = NotHecServer.redirect(status); HecClient c = client(s)) {
            // the old client split the batch down to single events and rejected each (all dead-lettered)
            HecFatalException e = assertThrows(HecFatalException.class, () -> c.send(events(25)));
            assertEquals(-status, e.code());
            assertTrue(e.getMessage().contains("/elsewhere/services/collector/event"), "names the target: " + e.getMessage());
            assertEquals(1, s.requests());
            assertEquals(0, s.followed(), "the redirect was followed (the token went elsewhere)");
        }
    }

    @Test
    void aProxyPageOnHealthDoesNotBringADownEndpointBack() throws Exception {
        try (NotHecServer proxy = NotHecServer.answering(503, "text/html", "<html>Service Unavailable</html>");
             HecTestServer hec = new HecTestServer(TOKEN)) {
            HecConfig d = HecConfig.defaults(List.of(proxy.uri(), hec.uri()), Secret.of(TOKEN));
            HecConfig cfg = new HecConfig(d.uris(), d.token(), true, 10, 900_000, Duration.ofSeconds(2),
                    Duration.ofSeconds(2), Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofMillis(20), false,
                    d.ackPollInterval(), d.ackTimeout(), null, null, null, null);
            try (HecClient c = new HecClient(cfg)) {
                for (int i = 0; i < 20; i++) {
                    assertEquals(10, c.send(events(10)).deliveredCount());
                    Thread.sleep(30); // let the 20 ms health interval pass
                }
            }
            assertTrue(proxy.healthChecks() >= 1, "the down endpoint was probed");
            // a 200 page on /health is not "HEC is healthy" (code 17): the endpoint stays down, no request goes there
            assertEquals(1, proxy.requests(), "requests sent to the endpoint whose /health answers a proxy page");
            assertEquals(200, hec.indexedCount());
        }
    }
}
