package io.centinela.hec;

import io.centinela.config.Secret;
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
}
