package io.centinela.hec;

import io.centinela.secret.Secret;
import io.centinela.testkit.HecTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** TLS is verified: a self-signed HEC is refused until its CA is configured with hec.tls.ca.pem. */
class HecTlsTest {

    private static final String TOKEN = "12345678-1234-1234-1234-123456789012";

    @Test
    void selfSignedHecNeedsItsCaConfigured(@TempDir Path dir) throws Exception {
        Path ks = dir.resolve("hec.p12");
        Path pem = dir.resolve("ca.pem");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", "hec", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore", ks.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit");
        run(keytool, "-exportcert", "-rfc", "-alias", "hec", "-keystore", ks.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-file", pem.toString());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        List<byte[]> one = List.of("{\"event\":{\"a\":1}}".getBytes(StandardCharsets.UTF_8));
        try (HecTestServer hec = new HecTestServer(TOKEN, false, true, ctx)) {
            HecConfig base = HecConfig.defaults(List.of(hec.uri()), Secret.of(TOKEN))
                    .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(20), Duration.ofMillis(100));
            // default trust store: the self-signed certificate is refused (retried, never sent in clear)
            try (HecClient untrusting = new HecClient(base)) {
                Thread t = new Thread(() -> {
                    try {
                        untrusting.send(one);
                    } catch (Exception e) {
                        // closed below
                    }
                });
                t.start();
                // unhealthy after two failed handshakes; on a loaded machine these can take seconds, so wait for it
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (untrusting.healthy() && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertFalse(untrusting.healthy());
                assertEquals(0, hec.indexedCount());
                untrusting.close();
                t.join(5000);
            }
            HecConfig withCa = new HecConfig(base.uris(), base.token(), true, 1000, 900_000, base.requestTimeout(),
                    base.connectTimeout(), base.backoffInitial(), base.backoffMax(), base.healthCheckInterval(), false,
                    base.ackPollInterval(), base.ackTimeout(), null, null, null, pem);
            try (HecClient trusting = new HecClient(withCa)) {
                assertEquals(1, trusting.send(one).deliveredCount());
                assertEquals(1, hec.indexedCount());
            }
        }
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
    }
}
