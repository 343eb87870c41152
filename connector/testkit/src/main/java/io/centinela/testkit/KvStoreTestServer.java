package io.centinela.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-JVM Splunk KV store REST endpoint for tests (Splunk cannot run on our machines). Binds to 127.0.0.1 only
 * and serves {@code /servicesNS/<owner>/<app>/storage/collections/data/<collection>[/<_key>]} as Splunk's REST
 * API reference describes it (../shared/docs/splunk.md names the triage collection but not the REST details):
 * <ul>
 *   <li>auth: {@code Authorization: Bearer <token>} (authentication token), {@code Authorization: Splunk
 *   <session key>} or HTTP Basic user/password; otherwise 401 with a {@code messages} body.</li>
 *   <li>GET a collection: a JSON array of records (each with {@code _key} and {@code _user}); parameters
 *   {@code query} (a JSON object of field equalities), {@code sort} ({@code field[:1|-1]}), {@code skip},
 *   {@code limit} ({@code 0} = up to {@code max_rows_per_query}, which also caps any larger limit, as
 *   limits.conf's {@code [kvstore] max_rows_per_query} does).</li>
 *   <li>GET {@code /<_key>}: the record or 404; POST a collection: insert, answers {@code {"_key": ...}};
 *   POST {@code /<_key>}: replace.</li>
 *   <li>errors: {@code {"messages":[{"type":"ERROR","text":...}]}}; unknown app or collection 404, malformed
 *   query 400.</li>
 * </ul>
 * Thread ownership: the HTTP server's pool serves requests; collections are concurrent maps, safe to seed from the
 * test thread while serving.
 */
public final class KvStoreTestServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "/servicesNS/";

    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final String app;
    private final String token;
    private final String user;
    private final String password;
    private final Map<String, Map<String, ObjectNode>> collections = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile int maxRowsPerQuery = 50_000;

    /** A server for {@code app} accepting the bearer {@code token} and Basic {@code user}/{@code password}. */
    public KvStoreTestServer(String app, String token, String user, String password) throws IOException {
        this.app = app;
        this.token = token;
        this.user = user;
        this.password = password;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(pool);
        server.createContext(PREFIX, this::handle);
        server.start();
    }

    /** {@code http://127.0.0.1:<port>} (the management port's base URL). */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Declares an (empty) collection, as collections.conf does. */
    public KvStoreTestServer collection(String name) {
        collections.computeIfAbsent(name, k -> new ConcurrentHashMap<>());
        return this;
    }

    /** Stores a record under its {@code _key} (generated when absent), as the Triage view's outputlookup does. */
    public void put(String collection, Map<String, Object> record) {
        ObjectNode node = JSON.valueToTree(record);
        store(collection, node);
    }

    /** Caps rows per answer (limits.conf {@code max_rows_per_query}) so tests see paging. */
    public void maxRowsPerQuery(int rows) {
        this.maxRowsPerQuery = rows;
    }

    /** Requests answered so far (any status). */
    public int requests() {
        return requests.get();
    }

    private String store(String collection, ObjectNode node) {
        String key = node.hasNonNull("_key") ? node.get("_key").asText() : UUID.randomUUID().toString();
        node.put("_key", key);
        node.put("_user", "nobody");
        collections.get(collection).put(key, node);
        return key;
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        try (ex) {
            if (!authorised(ex.getRequestHeaders().getFirst("Authorization"))) {
                send(ex, 401, error("WARN", "call not properly authenticated"));
                return;
            }
            // /servicesNS/<owner>/<app>/storage/collections/data/<collection>[/<key>]
            String[] p = ex.getRequestURI().getRawPath().substring(PREFIX.length()).split("/");
            if (p.length < 6 || p.length > 7 || !p[2].equals("storage") || !p[3].equals("collections")
                    || !p[4].equals("data") || !p[1].equals(app)) {
                send(ex, 404, error("ERROR", "Not Found"));
                return;
            }
            String name = decode(p[5]);
            Map<String, ObjectNode> coll = collections.get(name);
            if (coll == null) {
                send(ex, 404, error("ERROR", "Collection: " + name + " does not exist"));
                return;
            }
            String key = p.length == 7 ? decode(p[6]) : null;
            String method = ex.getRequestMethod();
            if (method.equals("GET") && key != null) {
                ObjectNode rec = coll.get(key);
                if (rec == null) {
                    send(ex, 404, error("ERROR", "Could not find object id=" + key));
                } else {
                    send(ex, 200, rec);
                }
            } else if (method.equals("GET")) {
                query(ex, coll);
            } else if (method.equals("POST")) {
                JsonNode body;
                try {
                    body = JSON.readTree(ex.getRequestBody());
                } catch (IOException e) {
                    send(ex, 400, error("ERROR", "JSON in the request is invalid"));
                    return;
                }
                if (body == null || !body.isObject()) {
                    send(ex, 400, error("ERROR", "JSON in the request is invalid"));
                    return;
                }
                ObjectNode rec = ((ObjectNode) body).deepCopy();
                if (key != null) {
                    rec.put("_key", key);
                }
                send(ex, key == null ? 201 : 200, JSON.createObjectNode().put("_key", store(name, rec)));
            } else {
                send(ex, 405, error("ERROR", "Method not allowed"));
            }
        } catch (RuntimeException e) {
            send(ex, 500, error("ERROR", e.toString()));
        }
    }

    private void query(HttpExchange ex, Map<String, ObjectNode> coll) throws IOException {
        Map<String, String> params = params(ex.getRequestURI());
        int skip;
        int limit;
        JsonNode query;
        try {
            skip = Integer.parseInt(params.getOrDefault("skip", "0"));
            limit = Integer.parseInt(params.getOrDefault("limit", "0"));
            query = JSON.readTree(params.getOrDefault("query", "{}"));
            if (skip < 0 || limit < 0 || query == null || !query.isObject()) {
                throw new IOException("bad parameter");
            }
        } catch (IOException | NumberFormatException e) {
            send(ex, 400, error("ERROR", "Invalid query parameter: " + e.getMessage()));
            return;
        }
        List<ObjectNode> rows = new ArrayList<>();
        for (ObjectNode rec : coll.values()) {
            if (matches(rec, query)) {
                rows.add(rec);
            }
        }
        String sort = params.getOrDefault("sort", "_key");
        String[] s = sort.split(":");
        Comparator<ObjectNode> cmp = Comparator.comparing(r -> r.path(s[0]).asText());
        rows.sort(s.length > 1 && s[1].equals("-1") ? cmp.reversed() : cmp);
        int cap = limit == 0 ? maxRowsPerQuery : Math.min(limit, maxRowsPerQuery);
        ArrayNode out = JSON.createArrayNode();
        for (int i = skip; i < rows.size() && out.size() < cap; i++) {
            out.add(rows.get(i));
        }
        send(ex, 200, out);
    }

    private static boolean matches(ObjectNode rec, JsonNode query) {
        for (Iterator<Map.Entry<String, JsonNode>> it = query.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!rec.path(e.getKey()).asText().equals(e.getValue().asText())) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, String> params(URI uri) {
        Map<String, String> out = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) {
            return out;
        }
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            out.put(decode(eq < 0 ? kv : kv.substring(0, eq)), eq < 0 ? "" : decode(kv.substring(eq + 1)));
        }
        return out;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private boolean authorised(String header) {
        if (header == null) {
            return false;
        }
        if (header.startsWith("Bearer ") || header.startsWith("Splunk ")) {
            return header.substring(7).equals(token);
        }
        if (header.startsWith("Basic ")) {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
            return decoded.equals(user + ":" + password);
        }
        return false;
    }

    private static JsonNode error(String type, String text) {
        ObjectNode msg = JSON.createObjectNode().put("type", type).put("text", text);
        ObjectNode root = JSON.createObjectNode();
        root.putArray("messages").add(msg);
        return root;
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
