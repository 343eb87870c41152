package io.centinela.testkit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * An in-JVM Splunk HTTP Event Collector for tests and benchmarks (Splunk cannot run on our machines). Binds to
 * 127.0.0.1 only and follows ../shared/docs/splunk.md: auth codes 1-4, envelope validation (12, 13, 15, 7),
 * batches of concatenated objects, gzip (deflate -> 415), 413 over {@code maxContentLength}, code 6 with
 * {@code invalid-event-number} (objects before it ARE indexed), indexer ack (channel 10/11/14, ackId per channel,
 * polling, forgotten once answered true), {@code /health} (17, or 18 while busy).
 *
 * <p>Fault injection: {@link #down(boolean)} (the port refuses connections), {@link #stormFor(long)} and {@link #busyFor(int)} (503 code 9
 * storms), {@link #delayMillis(long)} (slow answers), {@link #ackLagMillis(long)}, {@link #rejectEventsContaining}
 * (objects the indexer refuses with code 6), {@link #notHec} (a misconfigured URL: every answer a login page with
 * {@code 200 text/html}, or a {@code 301} to a single sign-on page). {@link #onIndexed} observes every indexed
 * object without keeping it (soaks over millions of alerts).
 */
public final class HecTestServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final String token;
    private final boolean useAck;
    private final int port;
    private volatile int maxContentLength = 1_000_000;
    private volatile Set<String> disabledTokens = Set.of();
    private volatile Set<String> allowedIndexes = null;
    private volatile long delayMillis;
    private volatile long ackLagMillis;
    private volatile String rejectMarker;
    private volatile boolean countOnly;
    private volatile NotHec notHec = NotHec.OFF;
    private volatile java.util.function.Consumer<JsonNode> onIndexed;
    private final AtomicLong notHecAnswers = new AtomicLong();
    private final AtomicLong refusedObjects = new AtomicLong();
    private final AtomicInteger busyRequests = new AtomicInteger();
    private volatile long busyUntil;
    private final ConcurrentLinkedQueue<JsonNode> indexed = new ConcurrentLinkedQueue<>();
    private final AtomicLong requests = new AtomicLong();
    private final Map<Integer, AtomicLong> statusCounts = new ConcurrentHashMap<>();
    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private final boolean retainEvents;
    private final AtomicLong indexedCount = new AtomicLong();
    private final javax.net.ssl.SSLContext tls;
    private ExecutorService executor;
    private HttpServer server;

    /** A server with indexer ack off that keeps every indexed envelope. */
    public HecTestServer(String token) {
        this(token, false, true);
    }

    /**
     * @param useAck       the token's useACK setting
     * @param retainEvents false for benchmarks: count only
     */
    public HecTestServer(String token, boolean useAck, boolean retainEvents) {
        this(token, useAck, retainEvents, null);
    }

    /** @param tls when not null, serve HTTPS with this context (the server's key and certificate) */
    public HecTestServer(String token, boolean useAck, boolean retainEvents, javax.net.ssl.SSLContext tls) {
        this.token = token;
        this.useAck = useAck;
        this.retainEvents = retainEvents;
        this.tls = tls;
        try {
            start(0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind the HEC test server: " + e, e);
        }
        this.port = server.getAddress().getPort();
    }

    private synchronized void start(int onPort) throws IOException {
        HttpServer s;
        if (tls != null) {
            var https = com.sun.net.httpserver.HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 64);
            https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
            s = https;
        } else {
            s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 64);
        }
        executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "hec-test-server");
            t.setDaemon(true);
            return t;
        });
        s.setExecutor(executor);
        s.createContext("/services/collector/health", this::health);
        s.createContext("/services/collector/ack", this::ack);
        s.createContext("/services/collector/raw", ex -> reply(ex, 400, "{\"text\":\"raw endpoint not supported by the test server\",\"code\":6}"));
        s.createContext("/services/collector", this::event);
        s.start();
        server = s;
    }

    public URI uri() {
        return URI.create((tls != null ? "https" : "http") + "://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /** What a misconfigured HEC URL answers instead of HEC (see {@link #notHec}). */
    public enum NotHec {
        /** HEC answers. */
        OFF,
        /** A proxy's or portal's login page: {@code 200 text/html} to every request, /health included. */
        LOGIN_PAGE,
        /** {@code 301 Moved Permanently} with a {@code Location} to another (https) address, /health included. */
        REDIRECT
    }

    /** The sign-on page a {@link NotHec#REDIRECT} points to (never served: nothing listens there). */
    public static final String REDIRECT_LOCATION = "https://sso.example.invalid/login?next=/services/collector";

    // ---- fault injection -------------------------------------------------------------------------------------

    /** From now on every request gets {@code mode}'s answer instead of HEC's ({@link NotHec#OFF}: HEC again). */
    public void notHec(NotHec mode) {
        notHec = java.util.Objects.requireNonNull(mode, "mode");
    }

    /** Down = nothing listens on the port (connection refused); up again = same port. */
    public synchronized void down(boolean down) {
        if (down && server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        } else if (!down && server == null) {
            for (int i = 0; ; i++) {
                try {
                    start(port);
                    return;
                } catch (IOException e) {
                    if (i > 50) {
                        throw new IllegalStateException("cannot rebind port " + port, e);
                    }
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    /** The next {@code requests} event requests get 503 code 9 "Server is busy" (health stays 17). */
    public void busyFor(int requests) {
        busyRequests.set(requests);
    }

    /** A 503 storm: for {@code millis}, every event request gets 503 code 9 and /health answers 503 code 18. */
    public void stormFor(long millis) {
        busyUntil = System.currentTimeMillis() + millis;
    }

    public void delayMillis(long ms) {
        delayMillis = ms;
    }

    public void ackLagMillis(long ms) {
        ackLagMillis = ms;
    }

    /** Objects whose text contains the marker are refused with code 6 at their position in the batch. */
    public void rejectEventsContaining(String marker) {
        rejectMarker = marker;
    }

    /**
     * Benchmarks of the client alone: gunzip the body and count newline-separated objects without parsing them
     * (the Centinela client writes one object per line). Not protocol validation: never use it in tests.
     */
    public void countOnly(boolean on) {
        countOnly = on;
    }

    public void maxContentLength(int bytes) {
        maxContentLength = bytes;
    }

    public void disableToken(boolean disabled) {
        disabledTokens = disabled ? Set.of(token) : Set.of();
    }

    public void allowedIndexes(Set<String> indexes) {
        allowedIndexes = indexes;
    }

    // ---- observations ----------------------------------------------------------------------------------------

    /**
     * Called with every object as it is indexed (duplicates included), on a server thread, also when events are not
     * retained; null: none. The consumer must be thread-safe and quick.
     */
    public void onIndexed(java.util.function.Consumer<JsonNode> consumer) {
        onIndexed = consumer;
    }

    /** Requests answered with a {@link NotHec} page instead of HEC. */
    public long notHecAnswers() {
        return notHecAnswers.get();
    }

    /** Objects refused with code 6 because they contained the {@link #rejectEventsContaining} marker. */
    public long refusedObjects() {
        return refusedObjects.get();
    }

    /** Every envelope indexed so far (duplicates included), in arrival order. */
    public List<JsonNode> indexed() {
        return new ArrayList<>(indexed);
    }

    public long indexedCount() {
        return indexedCount.get();
    }

    public long requests() {
        return requests.get();
    }

    public long responses(int status) {
        AtomicLong n = statusCounts.get(status);
        return n == null ? 0 : n.get();
    }

    public void clear() {
        indexed.clear();
        indexedCount.set(0);
    }

    // ---- handlers --------------------------------------------------------------------------------------------

    private void health(HttpExchange ex) throws IOException {
        if (answeredNotHec(ex)) {
            return;
        }
        if (System.currentTimeMillis() < busyUntil) {
            reply(ex, 503, "{\"text\":\"HEC is unhealthy, queues are full\",\"code\":18}");
        } else {
            reply(ex, 200, "{\"text\":\"HEC is healthy\",\"code\":17}");
        }
    }

    private void event(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        if (answeredNotHec(ex)) {
            return;
        }
        String path = ex.getRequestURI().getPath().replaceAll("/+$", "");
        if (!path.equals("/services/collector") && !path.equals("/services/collector/event")
                && !path.equals("/services/collector/event/1.0")) {
            reply(ex, 404, "{\"text\":\"The requested URL was not found on this server.\",\"code\":404}");
            return;
        }
        if (!"POST".equals(ex.getRequestMethod())) {
            reply(ex, 405, "{\"text\":\"Method not allowed\",\"code\":405}");
            return;
        }
        sleep(delayMillis);
        if (!authorized(ex)) {
            return;
        }
        if (System.currentTimeMillis() < busyUntil || busyRequests.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            drain(ex);
            reply(ex, 503, "{\"text\":\"Server is busy\",\"code\":9}");
            return;
        }
        Channel channel = null;
        if (useAck) {
            String ch = channelOf(ex);
            if (ch == null) {
                drain(ex);
                reply(ex, 400, "{\"text\":\"Data channel is missing\",\"code\":10}");
                return;
            }
            if (!GUID.matcher(ch).matches()) {
                drain(ex);
                reply(ex, 400, "{\"text\":\"Invalid data channel\",\"code\":11}");
                return;
            }
            channel = channels.computeIfAbsent(ch, k -> new Channel());
        }
        byte[] raw = ex.getRequestBody().readNBytes(maxContentLength + 1);
        if (raw.length > maxContentLength) {
            drain(ex);
            reply(ex, 413, "{\"text\":\"Content-Length of " + raw.length + " too large (maximum is "
                    + maxContentLength + ")\",\"code\":413}");
            return;
        }
        String enc = ex.getRequestHeaders().getFirst("Content-Encoding");
        byte[] body = raw;
        if (enc != null && !enc.isBlank() && !enc.equalsIgnoreCase("identity")) {
            if (!enc.equalsIgnoreCase("gzip")) {
                reply(ex, 415, "{\"text\":\"Unsupported content encoding\",\"code\":415}");
                return;
            }
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                body = in.readAllBytes();
            } catch (IOException e) {
                reply(ex, 400, "{\"text\":\"Invalid data format\",\"code\":6,\"invalid-event-number\":0}");
                return;
            }
        }
        ingest(ex, body, channel);
    }

    private void ingest(HttpExchange ex, byte[] body, Channel channel) throws IOException {
        if (countOnly) {
            long n = 0;
            for (byte b : body) {
                if (b == '\n') {
                    n++;
                }
            }
            indexedCount.addAndGet(n);
            reply(ex, 200, "{\"text\":\"Success\",\"code\":0}");
            return;
        }
        List<JsonNode> objects = new ArrayList<>();
        int failedAt = -1;
        int failCode = 0;
        String failText = null;
        try (JsonParser p = JSON.getFactory().createParser(body)) {
            while (true) {
                JsonToken t;
                try {
                    t = p.nextToken();
                } catch (JsonProcessingException e) {
                    failedAt = objects.size();
                    failCode = 6;
                    failText = "Invalid data format";
                    break;
                }
                if (t == null) {
                    break;
                }
                if (t != JsonToken.START_OBJECT) {
                    failedAt = objects.size();
                    failCode = 6;
                    failText = "Invalid data format";
                    break;
                }
                JsonNode n;
                int[] problem;
                try {
                    if (retainEvents || rejectMarker != null || allowedIndexes != null || onIndexed != null) {
                        n = JSON.readTree(p);
                        problem = validate(n);
                    } else {
                        n = EMPTY;
                        problem = new int[] {validateStreaming(p)};
                    }
                } catch (JsonProcessingException e) {
                    failedAt = objects.size();
                    failCode = 6;
                    failText = "Invalid data format";
                    break;
                }
                if (problem[0] != 0) {
                    failedAt = objects.size();
                    failCode = problem[0];
                    failText = switch (failCode) {
                        case 7 -> "Incorrect index";
                        case 12 -> "Event field is required";
                        case 13 -> "Event field cannot be blank";
                        case 15 -> "Error in handling indexed fields";
                        default -> "Invalid data format";
                    };
                    break;
                }
                objects.add(n);
            }
        }
        if (objects.isEmpty() && failedAt < 0) {
            reply(ex, 400, "{\"text\":\"No data\",\"code\":5}");
            return;
        }
        // Splunk indexes the objects that precede the bad one.
        var observer = onIndexed;
        for (JsonNode n : objects) {
            indexedCount.incrementAndGet();
            if (retainEvents) {
                indexed.add(n);
            }
            if (observer != null) {
                observer.accept(n);
            }
        }
        if (failedAt >= 0) {
            int status = failCode == 7 ? 400 : 400;
            reply(ex, status, "{\"text\":\"" + failText + "\",\"code\":" + failCode + ",\"invalid-event-number\":"
                    + failedAt + "}");
            return;
        }
        if (channel != null) {
            long id = channel.issue(System.currentTimeMillis() + ackLagMillis);
            reply(ex, 200, "{\"text\":\"Success\",\"code\":0,\"ackId\":" + id + "}");
        } else {
            reply(ex, 200, "{\"text\":\"Success\",\"code\":0}");
        }
    }

    private static final JsonNode EMPTY = JSON.createObjectNode();

    /**
     * The same checks as {@link #validate} without building a tree (benchmarks): the parser stands on the object's
     * START_OBJECT and is left on its END_OBJECT.
     */
    private static int validateStreaming(JsonParser p) throws IOException {
        int code = 12;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (name.equals("event")) {
                if (v == JsonToken.VALUE_STRING) {
                    code = p.getTextLength() == 0 ? 13 : 0;
                } else if (v == JsonToken.START_OBJECT || v.isNumeric()) {
                    code = 0;
                } else if (v == JsonToken.VALUE_NULL) {
                    code = 12;
                } else {
                    return 6;
                }
                p.skipChildren();
            } else if (name.equals("fields")) {
                if (v != JsonToken.START_OBJECT) {
                    return 15;
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    JsonToken fv = p.nextToken();
                    if (fv == JsonToken.START_OBJECT) {
                        return 15;
                    }
                    if (fv == JsonToken.START_ARRAY) {
                        while ((fv = p.nextToken()) != JsonToken.END_ARRAY) {
                            if (fv == JsonToken.START_OBJECT || fv == JsonToken.START_ARRAY) {
                                return 15;
                            }
                        }
                    }
                }
            } else {
                p.skipChildren();
            }
        }
        return code;
    }

    /** 0 when fine, else the HEC code for what is wrong with this envelope. */
    private int[] validate(JsonNode n) {
        String marker = rejectMarker;
        if (marker != null && n.toString().contains(marker)) {
            refusedObjects.incrementAndGet();
            return new int[] {6};
        }
        if (!n.has("event") || n.get("event").isNull()) {
            return new int[] {12};
        }
        JsonNode ev = n.get("event");
        if (ev.isTextual() && ev.asText().isEmpty()) {
            return new int[] {13};
        }
        if (!(ev.isTextual() || ev.isNumber() || ev.isObject())) {
            return new int[] {6};
        }
        JsonNode fields = n.get("fields");
        if (fields != null) {
            if (!fields.isObject()) {
                return new int[] {15};
            }
            for (var it = fields.fields(); it.hasNext(); ) {
                JsonNode v = it.next().getValue();
                if (v.isObject()) {
                    return new int[] {15};
                }
                if (v.isArray()) {
                    for (JsonNode e : v) {
                        if (!e.isValueNode()) {
                            return new int[] {15};
                        }
                    }
                }
            }
        }
        Set<String> allowed = allowedIndexes;
        if (allowed != null && n.has("index") && !allowed.contains(n.get("index").asText())) {
            return new int[] {7};
        }
        JsonNode time = n.get("time");
        if (time != null && !(time.isNumber() || (time.isTextual() && time.asText().matches("\\d+(\\.\\d+)?")))) {
            return new int[] {6};
        }
        return new int[] {0};
    }

    private void ack(HttpExchange ex) throws IOException {
        if (!authorized(ex)) {
            return;
        }
        if (!useAck) {
            drain(ex);
            reply(ex, 400, "{\"text\":\"ACK is disabled\",\"code\":14}");
            return;
        }
        String ch = channelOf(ex);
        if (ch == null) {
            drain(ex);
            reply(ex, 400, "{\"text\":\"Data channel is missing\",\"code\":10}");
            return;
        }
        Channel channel = channels.get(ch);
        if (!GUID.matcher(ch).matches()) {
            drain(ex);
            reply(ex, 400, "{\"text\":\"Invalid data channel\",\"code\":11}");
            return;
        }
        JsonNode q;
        try {
            q = JSON.readTree(ex.getRequestBody().readAllBytes());
        } catch (JsonProcessingException e) {
            reply(ex, 400, "{\"text\":\"Invalid data format\",\"code\":6}");
            return;
        }
        StringBuilder sb = new StringBuilder("{\"acks\":{");
        boolean first = true;
        long now = System.currentTimeMillis();
        for (JsonNode id : q.path("acks")) {
            boolean done = channel != null && channel.poll(id.asLong(), now);
            sb.append(first ? "" : ",").append('"').append(id.asLong()).append("\":").append(done);
            first = false;
        }
        reply(ex, 200, sb.append("}}").toString());
    }

    private boolean authorized(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        String given;
        if (auth == null) {
            drain(ex);
            reply(ex, 401, "{\"text\":\"Token is required\",\"code\":2}");
            return false;
        } else if (auth.startsWith("Splunk ")) {
            given = auth.substring(7).trim();
        } else if (auth.startsWith("Basic ")) {
            String dec = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
            given = dec.substring(dec.indexOf(':') + 1);
        } else {
            drain(ex);
            reply(ex, 401, "{\"text\":\"Invalid authorization\",\"code\":3}");
            return false;
        }
        if (disabledTokens.contains(given)) {
            drain(ex);
            reply(ex, 403, "{\"text\":\"Token disabled\",\"code\":1}");
            return false;
        }
        if (!given.equals(token)) {
            drain(ex);
            reply(ex, 403, "{\"text\":\"Invalid token\",\"code\":4}");
            return false;
        }
        return true;
    }

    private static String channelOf(HttpExchange ex) {
        String ch = ex.getRequestHeaders().getFirst("X-Splunk-Request-Channel");
        if (ch != null) {
            return ch;
        }
        String q = ex.getRequestURI().getRawQuery();
        if (q != null) {
            for (String kv : q.split("&")) {
                if (kv.startsWith("channel=")) {
                    return kv.substring(8);
                }
            }
        }
        return null;
    }

    /** Answers the {@link NotHec} page when one is set; true when it did. */
    private boolean answeredNotHec(HttpExchange ex) throws IOException {
        NotHec mode = notHec;
        if (mode == NotHec.OFF) {
            return false;
        }
        drain(ex);
        notHecAnswers.incrementAndGet();
        if (mode == NotHec.LOGIN_PAGE) {
            reply(ex, 200, "text/html; charset=UTF-8", "<!DOCTYPE html><html><head><title>Sign in</title></head><body>"
                    + "<form method=\"post\" action=\"/login\"><input name=\"user\"><input name=\"password\" type=\"password\">"
                    + "</form></body></html>");
        } else {
            ex.getResponseHeaders().set("Location", REDIRECT_LOCATION);
            reply(ex, 301, "text/html; charset=UTF-8", "<html><body>Moved Permanently</body></html>");
        }
        return true;
    }

    private static void drain(HttpExchange ex) throws IOException {
        ex.getRequestBody().transferTo(java.io.OutputStream.nullOutputStream());
    }

    private void reply(HttpExchange ex, int status, String body) throws IOException {
        reply(ex, status, "application/json; charset=UTF-8", body);
    }

    private void reply(HttpExchange ex, int status, String contentType, String body) throws IOException {
        statusCounts.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, b.length);
        try (var out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    private static void sleep(long ms) {
        if (ms > 0) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    /** Ack ids of one channel: issued in order from 0, true once their lag has passed, forgotten once answered true. */
    private static final class Channel {
        private final AtomicLong nextId = new AtomicLong();
        private final Map<Long, Long> readyAt = new ConcurrentHashMap<>();

        long issue(long readyAtMillis) {
            long id = nextId.getAndIncrement();
            readyAt.put(id, readyAtMillis);
            return id;
        }

        boolean poll(long id, long now) {
            Long at = readyAt.get(id);
            if (at != null && at <= now) {
                readyAt.remove(id);
                return true;
            }
            return false;
        }
    }
}
