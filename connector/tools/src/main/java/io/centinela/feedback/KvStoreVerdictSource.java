package io.centinela.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads a triage collection from Splunk's KV store REST API
 * ({@code GET <base>/servicesNS/nobody/<app>/storage/collections/data/<collection>?limit=&skip=&sort=_key}),
 * page by page until an empty page, so a server-side {@code max_rows_per_query} never silently truncates.
 * TLS is verified with the JVM's trust store (no switch turns that off); plain {@code http} only when the
 * caller allows it. The credential goes only into the {@code Authorization} header: never into the URL, a
 * message or {@link #toString()}.
 */
public final class KvStoreVerdictSource {

    /** How to authenticate: a Splunk authentication token (Bearer) or a user and password (Basic). */
    public sealed interface Auth {
        String header();

        record Token(String token) implements Auth {
            @Override
            public String header() {
                return "Bearer " + token;
            }

            @Override
            public String toString() {
                return "Token[***]";
            }
        }

        record UserPassword(String user, String password) implements Auth {
            @Override
            public String header() {
                return "Basic " + Base64.getEncoder().encodeToString(
                        (user + ":" + password).getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public String toString() {
                return "UserPassword[" + user + ", ***]";
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String app;
    private final Auth auth;
    private final int pageSize;
    private final HttpClient http;

    public KvStoreVerdictSource(URI base, String app, Auth auth, int pageSize, boolean allowPlainHttp) {
        if (!"https".equals(base.getScheme()) && !(allowPlainHttp && "http".equals(base.getScheme()))) {
            throw new IllegalArgumentException("KV store URL must be https:// (got " + base.getScheme()
                    + "://); plain http needs --allow-plain-http");
        }
        if (base.getRawUserInfo() != null || base.getRawQuery() != null) {
            throw new IllegalArgumentException("KV store URL must not carry credentials or a query");
        }
        if (pageSize < 1) {
            throw new IllegalArgumentException("page size must be >= 1");
        }
        this.base = base;
        this.app = app;
        this.auth = auth;
        this.pageSize = pageSize;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Every record of {@code collection}, in {@code _key} order. */
    public List<JsonNode> readAll(String collection) throws IOException, InterruptedException {
        List<JsonNode> out = new ArrayList<>();
        String path = base.toString().replaceAll("/+$", "") + "/servicesNS/nobody/" + enc(app)
                + "/storage/collections/data/" + enc(collection);
        for (int skip = 0; ; ) {
            URI uri = URI.create(path + "?output_mode=json&sort=_key&limit=" + pageSize + "&skip=" + skip);
            HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                    .header("Authorization", auth.header()).header("Accept", "application/json").GET().build();
            HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() != 200) {
                throw new IOException("KV store answered HTTP " + resp.statusCode() + " for " + path + ": "
                        + message(resp.body()));
            }
            JsonNode page;
            try {
                page = JSON.readTree(resp.body());
            } catch (IOException e) {
                throw new IOException("KV store answer is not JSON (is " + base + " Splunk's management port?)");
            }
            if (page == null || !page.isArray()) {
                throw new IOException("KV store answer is not a JSON array of records");
            }
            // Only an empty page ends the read: a server whose max_rows_per_query is below pageSize answers
            // short pages that are not the last one.
            if (page.isEmpty()) {
                return out;
            }
            page.forEach(out::add);
            skip += page.size();
        }
    }

    private static String message(String body) {
        try {
            JsonNode msgs = JSON.readTree(body).path("messages");
            if (msgs.isArray() && !msgs.isEmpty()) {
                return msgs.get(0).path("text").asText();
            }
        } catch (IOException | RuntimeException ignored) {
            // not JSON: fall through to a short excerpt
        }
        return body.length() > 200 ? body.substring(0, 200) + "..." : body;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "KvStoreVerdictSource[" + base + ", app=" + app + ", auth=" + auth + "]";
    }
}
