package io.centinela.hec;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Splunk HTTP Event Collector client: {@code POST /services/collector/event} with batches of concatenated JSON
 * envelopes, following the code table in docs (../shared/docs/splunk.md).
 *
 * <ul>
 *   <li>Requests are capped by event count and uncompressed bytes; a 413 splits the request in halves.</li>
 *   <li>Transient failures (5xx, 503 busy, 429, 502/504, timeouts, connection errors) are retried without limit
 *   (a finite retry count would drop data) with capped exponential backoff and full jitter, round-robin over the
 *   endpoints; an endpoint that fails is marked down until its {@code /services/collector/health} answers 200 code 17.</li>
 *   <li>Code 6 (and 12/13/15 with an event number): the objects before {@code invalid-event-number} are indexed, that
 *   one is rejected (the caller dead-letters it), only the ones after it are resent. Without an event number the
 *   request is split until the bad object is isolated.</li>
 *   <li>Success is strict: HTTP 200 with a HEC JSON body whose code is 0 ({@link HecResponse#action()}). Codes 1, 2,
 *   3, 4, 7, 10, 11, 14, 16, any 3xx (redirects are never followed: the token would go to another address) and any
 *   answer that is not HEC (a 200 HTML page, a 4xx without a HEC code) throw {@link HecFatalException}.</li>
 *   <li>With indexer ack on, each request carries the channel GUID and an event counts as delivered only when
 *   {@code /services/collector/ack} says so; an ack that does not come within the ack timeout means resend.</li>
 * </ul>
 * Thread-safe; {@link #send} blocks until every event is delivered or rejected, or the client is closed.
 */
public final class HecClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HecClient.class);

    private final HecConfig config;
    private final HttpClient http;
    private final List<HecEndpoint> endpoints;
    private final AtomicInteger next = new AtomicInteger();
    private final String channel = UUID.randomUUID().toString();
    private final String authHeader;
    private volatile boolean closed;
    private volatile boolean healthy = true;
    private final AtomicLong consecutiveFailures = new AtomicLong();
    private final Counter requests;
    private final Counter errors;
    private final Counter busy;
    private final Counter retries;
    private final Counter deliveredEvents;
    private final Counter rejectedEvents;

    public HecClient(HecConfig config) {
        this(config, new SimpleMeterRegistry());
    }

    public HecClient(HecConfig config, MeterRegistry registry) {
        this.config = config;
        this.endpoints = config.uris().stream().map(HecEndpoint::new).toList();
        this.authHeader = "Splunk " + config.token().reveal();
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER) // the default, stated: a 3xx is a fatal answer
                .connectTimeout(config.connectTimeout());
        if (config.trustStore() != null || config.caPem() != null) {
            b.sslContext(TlsContexts.trusting(config.trustStore(), config.trustStorePassword(),
                    config.trustStoreType(), config.caPem()));
        }
        this.http = b.build();
        this.requests = registry.counter("centinela.hec.requests");
        this.errors = registry.counter("centinela.hec.errors");
        this.busy = registry.counter("centinela.hec.busy");
        this.retries = registry.counter("centinela.hec.retries");
        this.deliveredEvents = registry.counter("centinela.hec.events.delivered");
        this.rejectedEvents = registry.counter("centinela.hec.events.rejected");
    }

    public HecConfig config() {
        return config;
    }

    /** False while the last attempts failed transiently (HEC down or busy): the consumer pauses meanwhile. */
    public boolean healthy() {
        return healthy;
    }

    public long errorCount() {
        return (long) errors.count();
    }

    /** 503 (code 9) and 429 answers: back-pressure, a subset of the errors. */
    public long busyCount() {
        return (long) busy.count();
    }

    /**
     * Delivers the envelopes (each one complete JSON object). Blocks through retries.
     *
     * @throws HecFatalException   on a configuration error (nothing after it is delivered)
     * @throws InterruptedException when interrupted or closed while waiting to retry
     */
    public HecOutcome send(List<byte[]> envelopes) throws HecFatalException, InterruptedException {
        HecOutcome out = new HecOutcome(envelopes.size());
        Deque<int[]> work = new ArrayDeque<>(split(envelopes, 0, envelopes.size(), out));
        while (!work.isEmpty()) {
            int[] r = work.pop();
            int from = r[0];
            int to = r[1];
            HecResponse resp = sendUntilAnswered(envelopes, from, to);
            if (resp.success()) {
                out.deliver(from, to);
                deliveredEvents.increment(to - from);
                continue;
            }
            if (resp.fatal()) {
                errors.increment();
                throw new HecFatalException(resp.fatalCode(), resp.fatalReason());
            }
            if (resp.status() == 413) {
                if (to - from > 1) {
                    int mid = (from + to) >>> 1;
                    work.push(new int[] {mid, to});
                    work.push(new int[] {from, mid});
                } else {
                    reject(out, from, "HEC 413: the event alone exceeds the server's max_content_length");
                }
                continue;
            }
            // bad data (code 5, 6, 12, 13, 15)
            int bad = resp.invalidEventNumber();
            if (bad >= 0 && bad < to - from) {
                out.deliver(from, from + bad);
                deliveredEvents.increment(bad);
                reject(out, from + bad, "HEC " + resp.describe());
                if (from + bad + 1 < to) {
                    work.push(new int[] {from + bad + 1, to});
                }
            } else if (to - from > 1) {
                int mid = (from + to) >>> 1;
                work.push(new int[] {mid, to});
                work.push(new int[] {from, mid});
            } else {
                reject(out, from, "HEC " + resp.describe());
            }
        }
        return out;
    }

    private void reject(HecOutcome out, int index, String reason) {
        out.reject(index, reason);
        rejectedEvents.increment();
    }

    /** Splits [from,to) into request-sized ranges; an envelope larger than the byte cap alone is rejected. */
    private List<int[]> split(List<byte[]> envelopes, int from, int to, HecOutcome out) {
        List<int[]> ranges = new ArrayList<>();
        int start = from;
        long bytes = 0;
        for (int i = from; i < to; i++) {
            int len = envelopes.get(i).length + 1;
            if (len > config.maxBatchBytes()) {
                if (start < i) {
                    ranges.add(new int[] {start, i});
                }
                reject(out, i, "envelope of " + len + " bytes exceeds hec.batch.max.bytes=" + config.maxBatchBytes());
                start = i + 1;
                bytes = 0;
                continue;
            }
            if (i > start && (i - start >= config.maxBatchEvents() || bytes + len > config.maxBatchBytes())) {
                ranges.add(new int[] {start, i});
                start = i;
                bytes = 0;
            }
            bytes += len;
        }
        if (start < to) {
            ranges.add(new int[] {start, to});
        }
        return ranges;
    }

    /** Sends one request, retrying transient failures until HEC gives a non-transient answer (and the ack). */
    private HecResponse sendUntilAnswered(List<byte[]> envelopes, int from, int to) throws InterruptedException {
        byte[] body = body(envelopes, from, to);
        int attempt = 0;
        while (true) {
            if (closed) {
                throw new InterruptedException("HEC client closed");
            }
            HecEndpoint ep = pickEndpoint(attempt);
            HecResponse resp;
            try {
                resp = post(ep, body);
            } catch (IOException e) {
                errors.increment();
                ep.markDown();
                markFailure("cannot reach HEC at " + ep + ": " + describe(e));
                backoff(attempt++);
                continue;
            }
            if (resp.retriable()) {
                errors.increment();
                if (resp.code() == 9 || resp.status() == 503) {
                    ep.markDown();
                }
                if (resp.code() == 9 || resp.status() == 503 || resp.status() == 429) {
                    busy.increment();
                }
                markFailure("HEC at " + ep + " answered " + resp.describe());
                backoff(attempt++);
                continue;
            }
            if (resp.success() && config.ackEnabled()) {
                if (resp.ackId() < 0) {
                    return new HecResponse(400, HecCode.ACK_DISABLED.code(),
                            "indexer ack requested but HEC returned no ackId (is useACK on for the token?)", -1, -1, null);
                }
                if (!awaitAck(ep, resp.ackId())) {
                    errors.increment();
                    markFailure("no indexer ack for ackId " + resp.ackId() + " from " + ep + " within "
                            + config.ackTimeout().toSeconds() + " s; resending");
                    backoff(attempt++);
                    continue;
                }
            }
            if (!resp.fatal()) {
                markSuccess();
            }
            return resp;
        }
    }

    private boolean awaitAck(HecEndpoint ep, long ackId) throws InterruptedException {
        long deadline = System.nanoTime() + config.ackTimeout().toNanos();
        byte[] q = ("{\"acks\":[" + ackId + "]}").getBytes(StandardCharsets.UTF_8);
        while (System.nanoTime() < deadline) {
            if (closed) {
                throw new InterruptedException("HEC client closed");
            }
            try {
                HttpRequest req = HttpRequest.newBuilder(java.net.URI.create(ep.ack + "?channel=" + channel))
                        .timeout(config.requestTimeout())
                        .header("Authorization", authHeader)
                        .header("X-Splunk-Request-Channel", channel)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(q)).build();
                HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
                    if (node.path("acks").path(Long.toString(ackId)).asBoolean(false)) {
                        return true;
                    }
                }
            } catch (IOException e) {
                // the indexer may be busy; keep polling until the ack timeout
            }
            Thread.sleep(config.ackPollInterval().toMillis());
        }
        return false;
    }

    private HecResponse post(HecEndpoint ep, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder rb = HttpRequest.newBuilder(ep.event)
                .timeout(config.requestTimeout())
                .header("Authorization", authHeader)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (config.gzip()) {
            rb.header("Content-Encoding", "gzip");
        }
        if (config.ackEnabled()) {
            rb.header("X-Splunk-Request-Channel", channel);
        }
        requests.increment();
        HttpResponse<String> r = http.send(rb.build(), HttpResponse.BodyHandlers.ofString());
        return HecResponse.parse(r.statusCode(), r.body(), r.headers().firstValue("Location").orElse(null));
    }

    private byte[] body(List<byte[]> envelopes, int from, int to) {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        for (int i = from; i < to; i++) {
            raw.writeBytes(envelopes.get(i));
            raw.write('\n');
        }
        if (!config.gzip()) {
            return raw.toByteArray();
        }
        ByteArrayOutputStream gz = new ByteArrayOutputStream(raw.size() / 4 + 64);
        try (GZIPOutputStream z = new GZIPOutputStream(gz, 65536) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            raw.writeTo(z);
        } catch (IOException e) {
            throw new IllegalStateException("gzip in memory cannot fail", e);
        }
        return gz.toByteArray();
    }

    /** Round-robin over endpoints that are up; probes down ones through /health; waits when all are down. */
    private HecEndpoint pickEndpoint(int attempt) throws InterruptedException {
        long interval = config.healthCheckInterval().toNanos();
        while (true) {
            for (HecEndpoint ep : endpoints) {
                if (!ep.up() && ep.checkDue(attempt == 0 ? interval : 0)) {
                    probe(ep);
                }
            }
            int n = endpoints.size();
            int start = Math.floorMod(next.getAndIncrement(), n);
            for (int i = 0; i < n; i++) {
                HecEndpoint ep = endpoints.get((start + i) % n);
                if (ep.up()) {
                    return ep;
                }
            }
            if (closed) {
                throw new InterruptedException("HEC client closed");
            }
            // every endpoint is down and just failed its health probe: wait, then probe again
            markFailure("every HEC endpoint is down " + endpoints);
            backoff(attempt++);
        }
    }

    private void probe(HecEndpoint ep) {
        try {
            HttpRequest req = HttpRequest.newBuilder(ep.health).timeout(config.requestTimeout()).GET().build();
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            // strict like delivery: a proxy's 200 page is not a healthy HEC
            if (HecResponse.parse(r.statusCode(), r.body()).hecCode().orElse(null) == HecCode.HEALTHY
                    && r.statusCode() == 200) {
                ep.markUp();
                LOG.info("HEC endpoint {} is healthy again", ep);
            }
        } catch (IOException e) {
            // still down
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void backoff(int attempt) throws InterruptedException {
        retries.increment();
        long cap = config.backoffMax().toMillis();
        long base = config.backoffInitial().toMillis() << Math.min(attempt, 20);
        long ceiling = Math.max(1, Math.min(cap, base));
        // full jitter: spreads retries of many clients (kafka-connect-splunk #353: retry storms)
        long sleep = ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(sleep);
        while (!closed && System.nanoTime() < deadline) {
            Thread.sleep(Math.min(50, sleep));
        }
        if (closed) {
            throw new InterruptedException("HEC client closed");
        }
    }

    private void markFailure(String what) {
        long n = consecutiveFailures.incrementAndGet();
        if (n == 1 || n % 20 == 0) {
            LOG.warn("{} (failure {} in a row; retrying with backoff)", what, n);
        }
        if (n >= 2) {
            healthy = false;
        }
    }

    private void markSuccess() {
        if (consecutiveFailures.getAndSet(0) > 0) {
            LOG.info("HEC delivery recovered");
        }
        healthy = true;
    }

    private static String describe(IOException e) {
        if (e instanceof HttpTimeoutException) {
            return "timed out";
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof javax.net.ssl.SSLHandshakeException) {
                return "TLS verification failed (" + c.getMessage() + "): trust the HEC certificate's CA with "
                        + "hec.tls.ca.pem or hec.tls.truststore.path";
            }
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }


    @Override
    public void close() {
        closed = true;
    }
}
