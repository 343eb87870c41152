package io.centinela.hec;

import io.centinela.testkit.HecTestServer;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback HTTP server in front of which the HEC URL was misconfigured: every request to
 * {@code /services/collector...} gets one fixed answer (a login page with 200, a 301 to elsewhere). It is independent
 * of {@code hec.testing.HecTestServer} on purpose: it does not follow the HEC protocol. Under {@code /elsewhere/} it
 * answers like HEC success, so a client that followed a redirect there would count as delivered: {@link #followed()}
 * counts those requests. Owned by the test that creates it; counters are thread-safe.
 */
public final class NotHecServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "not-hec-server");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong followed = new AtomicLong();
    private final AtomicLong healthChecks = new AtomicLong();

    private NotHecServer(int status, String contentType, String body, String locationPath) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(executor);
        server.createContext("/services/collector", ex -> {
            requests.incrementAndGet();
            if (locationPath != null) {
                ex.getResponseHeaders().set("Location", uri() + locationPath);
            }
            reply(ex, status, contentType, body);
        });
        // a proxy answers its page to every GET, /health included
        server.createContext("/services/collector/health", ex -> {
            healthChecks.incrementAndGet();
            reply(ex, 200, "text/html", "<html><body>Welcome</body></html>");
        });
        server.createContext("/elsewhere/", ex -> {
            followed.incrementAndGet();
            reply(ex, 200, "application/json", "{\"text\":\"Success\",\"code\":0}");
        });
        server.start();
    }

    /** A proxy's or portal's login page: {@code 200 text/html}. */
    public static NotHecServer loginPage() throws IOException {
        return new NotHecServer(200, "text/html; charset=UTF-8",
                "<!DOCTYPE html><html><head><title>Sign in</title></head><body><form action=\"/login\">"
                        + "<input name=\"user\"><input type=\"password\" name=\"pw\"></form></body></html>", null);
    }

    /** Any fixed answer to event requests, e.g. a load balancer's {@code 503 text/html}. */
    public static NotHecServer answering(int status, String contentType, String body) throws IOException {
        return new NotHecServer(status, contentType, body, null);
    }

    /** A permanent redirect to a URL that would answer HEC success if it were followed. */
    public static NotHecServer redirect(int status) throws IOException {
        return new NotHecServer(status, "text/html", "<html><body>Moved</body></html>",
                "/elsewhere/services/collector/event");
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Event requests the misconfigured URL got ({@code /health} not counted). */
    public long requests() {
        return requests.get();
    }

    /** GETs of {@code /services/collector/health} (answered with a 200 HTML page). */
    public long healthChecks() {
        return healthChecks.get();
    }

    /** Requests that reached the redirect target: a client that follows redirects. */
    public long followed() {
        return followed.get();
    }

    private static void reply(HttpExchange ex, int status, String contentType, String body) throws IOException {
        ex.getRequestBody().transferTo(OutputStream.nullOutputStream());
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
