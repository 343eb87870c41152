package io.centinela.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.centinela.testkit.KvStoreTestServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The KV store test server answers the REST calls the way Splunk's API reference says (status codes, shapes). */
class KvStoreTestServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> call(String method, String url, String auth, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void insertGetQueryAndErrors() throws Exception {
        try (KvStoreTestServer kv = new KvStoreTestServer("centinela", "tok", "u", "p").collection("centinela_triage")) {
            String coll = kv.baseUrl() + "/servicesNS/nobody/centinela/storage/collections/data/centinela_triage";
            String auth = "Bearer tok";
            HttpResponse<String> ins = call("POST", coll, auth, "{\"_key\":\"k1\",\"alert_id\":\"k1\",\"owner\":\"ana\"}");
            assertEquals(201, ins.statusCode());
            assertEquals("k1", JSON.readTree(ins.body()).get("_key").asText());
            kv.put("centinela_triage", Map.of("alert_id", "k2", "owner", "bob"));

            HttpResponse<String> one = call("GET", coll + "/k1", "Splunk tok", null);
            assertEquals(200, one.statusCode());
            assertEquals("nobody", JSON.readTree(one.body()).get("_user").asText());
            assertEquals(404, call("GET", coll + "/nope", auth, null).statusCode());

            String q = URLEncoder.encode("{\"owner\":\"bob\"}", StandardCharsets.UTF_8);
            JsonNode bob = JSON.readTree(call("GET", coll + "?query=" + q, auth, null).body());
            assertEquals(1, bob.size());
            assertEquals("k2", bob.get(0).get("alert_id").asText());
            JsonNode page = JSON.readTree(call("GET", coll + "?sort=owner:-1&limit=1&skip=1", auth, null).body());
            assertEquals("ana", page.get(0).get("owner").asText(), "sorted by owner descending, second row");

            assertEquals(400, call("GET", coll + "?query=" + URLEncoder.encode("{bad", StandardCharsets.UTF_8), auth,
                    null).statusCode());
            assertEquals(400, call("POST", coll, auth, "[1]").statusCode());
            assertEquals(401, call("GET", coll, null, null).statusCode());
            assertEquals(401, call("GET", coll, "Bearer other", null).statusCode());
            assertEquals(200, call("GET", coll, "Basic " + java.util.Base64.getEncoder()
                    .encodeToString("u:p".getBytes(StandardCharsets.UTF_8)), null).statusCode());
            HttpResponse<String> otherApp = call("GET", kv.baseUrl()
                    + "/servicesNS/nobody/search/storage/collections/data/centinela_triage", auth, null);
            assertEquals(404, otherApp.statusCode());
            assertEquals("ERROR", JSON.readTree(otherApp.body()).get("messages").get(0).get("type").asText());
        }
    }
}
