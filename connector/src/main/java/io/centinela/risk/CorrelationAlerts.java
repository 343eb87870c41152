package io.centinela.risk;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.centinela.alert.Alert;
import io.centinela.alert.AlertOrigin;
import io.centinela.alert.Severity;
import io.centinela.sigma.correlation.CorrelationMatch;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The alert of one Sigma correlation match, in the alert schema (docs/alert-schema.md, docs/sigma-correlation.md):
 * severity from the correlation's level, ATT&CK of the correlation and its base rules, CIM src/dest/user and the
 * risk object from the group-by values, reasons naming the value that crossed the condition, the window and the
 * group, and in {@code origin} the newest contributing event's Kafka coordinates with a JSON excerpt listing the
 * contributing events (Kafka coordinates and capped excerpts). The id is the match's own
 * ({@link CorrelationMatch#id()}): the one {@code sigma scan} prints for the same events.
 */
final class CorrelationAlerts {

    static final String SIGNATURE_PREFIX = "sigma-correlation:";
    static final int MAX_REASON_EVENTS = 10;
    static final int EXCERPT_MAX_BYTES = 8192;

    /** Group-by names (lower case; the field or its alias) that name a CIM field. */
    private static final Set<String> DEST = Set.of("computer", "computername", "dest", "host", "hostname", "dvc",
            "workstation", "dest_host");
    private static final Set<String> USER = Set.of("targetusername", "subjectusername", "user", "username",
            "accountname", "user_name", "targetuser");
    private static final Set<String> SRC = Set.of("ipaddress", "src", "src_ip", "sourceip", "sourceaddress",
            "workstationname", "source_ip", "clientaddress");

    private CorrelationAlerts() {
    }

    static Alert build(CorrelationMatch m, long graceMs) {
        String dest = cim(m.groupBy(), DEST);
        String user = cim(m.groupBy(), USER);
        String src = cim(m.groupBy(), SRC);
        Severity severity = Severity.parse(m.level().isBlank() ? null : m.level());
        String value = format(m.value());
        String window = Duration.ofMillis(m.windowEnd() - m.windowStart()).toString().substring(2).toLowerCase(Locale.ROOT);
        List<String> reasons = new ArrayList<>();
        reasons.add("Sigma correlation " + m.type() + " " + value + " (condition " + m.condition() + ") for "
                + m.groupBy() + " in the window " + Instant.ofEpochMilli(m.windowStart()) + " - "
                + Instant.ofEpochMilli(m.windowEnd()) + " (" + window + ")");
        reasons.add(m.eventCount() + " contributing event(s) from " + Instant.ofEpochMilli(m.firstEventTime()) + " to "
                + Instant.ofEpochMilli(m.lastEventTime()));
        if (!m.values().isEmpty()) {
            reasons.add("values: " + String.join(", ", m.values()));
        }
        for (int i = 0; i < Math.min(MAX_REASON_EVENTS, m.events().size()); i++) {
            reasons.add(m.events().get(i) + ": " + m.excerpts().get(i));
        }
        if (m.eventCount() > MAX_REASON_EVENTS) {
            reasons.add("... and " + (m.eventCount() - MAX_REASON_EVENTS) + " more event(s), listed in origin.event");
        }
        List<String> tactics = m.attackTactics();
        String riskObject = dest != null ? dest : user != null ? user : src;
        String riskType = riskObject == null ? null : riskObject.equals(user) && dest == null ? "user" : "system";
        return new Alert(m.id(), m.lastEventTime() / 1000.0, "centinela", "Centinela", "alert", m.title(),
                SIGNATURE_PREFIX + m.ruleId(),
                m.title() + ": " + m.type() + " " + value + " (" + m.condition() + ") for " + m.groupBy() + " within " + window,
                severity, severity.id(), src, dest, user, null, m.attackTechniques(), tactics,
                tactics.isEmpty() ? "correlation" : tactics.get(0), "host", "allowed", null, null, null, null,
                riskScore(severity), riskObject, riskType, null, null, List.of("sigma"), List.of(), List.of(), null,
                reasons, origin(m, graceMs));
    }

    /** Sigma level bands as the fusion scores a rule: 10/30/50/75/95. */
    static int riskScore(Severity s) {
        return switch (s) {
            case INFORMATIONAL -> 10;
            case LOW -> 30;
            case MEDIUM -> 50;
            case HIGH -> 75;
            case CRITICAL -> 95;
        };
    }

    private static String cim(Map<String, String> groupBy, Set<String> names) {
        for (var e : new java.util.TreeMap<>(groupBy).entrySet()) {
            if (names.contains(e.getKey().toLowerCase(Locale.ROOT)) && e.getValue() != null && !e.getValue().isBlank()) {
                return e.getValue();
            }
        }
        return null;
    }

    private static AlertOrigin origin(CorrelationMatch m, long graceMs) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode ev = f.objectNode();
        ev.put("correlation_id", m.id()).put("rule_id", m.ruleId()).put("type", m.type())
                .put("condition", m.condition()).put("value", m.value()).put("window_start_ms", m.windowStart())
                .put("window_end_ms", m.windowEnd()).put("grace_ms", graceMs).put("event_count", m.eventCount());
        ObjectNode g = ev.putObject("group_by");
        new java.util.TreeMap<>(m.groupBy()).forEach(g::put);
        ArrayNode list = ev.putArray("contributing");
        for (int i = 0; i < m.events().size(); i++) {
            list.addObject().put("event", m.events().get(i)).put("excerpt", m.excerpts().get(i));
        }
        String json = ev.toString();
        boolean truncated = false;
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > EXCERPT_MAX_BYTES) {
            json = new String(bytes, 0, EXCERPT_MAX_BYTES, StandardCharsets.UTF_8);
            truncated = true;
        }
        String last = m.events().isEmpty() ? "" : m.events().get(m.events().size() - 1);
        if (last.startsWith("kafka:")) {
            String[] tpo = last.substring(6).split("/");
            if (tpo.length >= 3) {
                try {
                    int n = tpo.length;
                    String topic = String.join("/", java.util.Arrays.copyOfRange(tpo, 0, n - 2));
                    return new AlertOrigin(topic, Integer.parseInt(tpo[n - 2]), Long.parseLong(tpo[n - 1]), null, null,
                            null, "generic", "generic", json, truncated);
                } catch (NumberFormatException e) {
                    // not coordinates after all: fall through to the correlation reference
                }
            }
        }
        return new AlertOrigin(null, null, null, null, "correlation:" + m.ruleId(), 1L, "generic", "generic", json,
                truncated);
    }

    private static String format(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
