package io.centinela.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The alerts verdicts refer to, by {@code alert_id}, read from JSON-lines files the service wrote
 * ({@code output.alerts.file}: HEC envelopes {@code {"event": <alert>, ...}}) or bare alert objects. Lines that
 * are not alerts are counted, not fatal: an alerts file may be appended to while it is read.
 */
final class AlertIndex {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, JsonNode> byId;
    private final int unreadable;

    private AlertIndex(Map<String, JsonNode> byId, int unreadable) {
        this.byId = byId;
        this.unreadable = unreadable;
    }

    static AlertIndex read(List<Path> files) throws IOException {
        Map<String, JsonNode> byId = new HashMap<>();
        int bad = 0;
        for (Path f : files) {
            try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    try {
                        JsonNode n = JSON.readTree(line);
                        JsonNode alert = n.path("event").isObject() ? n.get("event") : n;
                        String id = alert.path("alert_id").asText("");
                        if (id.isEmpty()) {
                            bad++;
                        } else {
                            byId.put(id, alert);
                        }
                    } catch (IOException e) {
                        bad++;
                    }
                }
            }
        }
        return new AlertIndex(byId, bad);
    }

    JsonNode get(String alertId) {
        return byId.get(alertId);
    }

    int size() {
        return byId.size();
    }

    int unreadable() {
        return unreadable;
    }
}
