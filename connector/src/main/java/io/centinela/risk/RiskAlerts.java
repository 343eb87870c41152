package io.centinela.risk;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.centinela.alert.Alert;
import io.centinela.alert.AlertIds;
import io.centinela.alert.AlertOrigin;
import io.centinela.alert.Severity;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Builds the risk alert of one window crossing, in the alert schema (docs/alert-schema.md, docs/risk.md):
 * risk object, CIM dest/user, ATT&CK union of the contributing detections, reasons that add up the score, and in
 * {@code origin} the crossing detection's coordinates with a JSON excerpt listing every contributing alert id.
 * The id is deterministic: SHA-256 over {@code risk:<key>@<window end>} and the contributing alert ids.
 */
final class RiskAlerts {

    /** Reasons list this many contributions by name (highest points first); the excerpt lists up to MAX_LISTED. */
    static final int MAX_REASONS = 10;
    static final int MAX_LISTED = 40;
    static final int EXCERPT_MAX_BYTES = 8192;
    static final String SCORE_SIGNATURE_ID = "centinela:risk:score";
    static final String TACTICS_SIGNATURE_ID = "centinela:risk:tactics";

    private RiskAlerts() {
    }

    static Alert build(RiskPolicy policy, String key, RiskState state, long end, List<Contribution> members,
                       int score, TreeSet<String> tactics, boolean byScore, boolean byTactics,
                       Map<String, Integer> capped) {
        List<String> ids = members.stream().map(Contribution::alertId).toList();
        String alertId = AlertIds.of("risk:" + key + "@" + end, ids);
        TreeSet<String> techniques = new TreeSet<>();
        TreeSet<String> sourceSet = new TreeSet<>();
        for (Contribution c : members) {
            techniques.addAll(c.techniques());
            sourceSet.addAll(c.sources());
        }
        List<String> sources = new ArrayList<>();
        for (String s : List.of("sigma", "yara", "model")) {
            if (sourceSet.contains(s)) {
                sources.add(s);
            }
        }
        if (sources.isEmpty()) {
            sources.add("sigma");
        }
        String hours = formatWindow(policy.windowMs());
        String what = state.type() + " " + state.value();
        List<String> reasons = new ArrayList<>();
        reasons.add("Risk " + score + " for " + what + " in the " + hours + " up to " + Instant.ofEpochMilli(end)
                + " from " + members.size() + " detection(s): threshold " + policy.threshold()
                + (byScore ? " reached" : " not reached"));
        if (policy.tactics() > 0) {
            reasons.add(tactics.size() + " distinct ATT&CK tactic(s)" + (tactics.isEmpty() ? "" : " " + tactics)
                    + (byTactics ? ": at least " : ": fewer than ") + policy.tactics());
        }
        List<Contribution> byPoints = new ArrayList<>(members);
        byPoints.sort(Comparator.comparingInt(Contribution::points).reversed().thenComparing(Comparator.naturalOrder()));
        for (int i = 0; i < Math.min(MAX_REASONS, byPoints.size()); i++) {
            Contribution c = byPoints.get(i);
            reasons.add("+" + c.points() + " " + c.signature() + " (" + String.join("+", c.sources()) + ", alert "
                    + c.alertId() + ", " + Instant.ofEpochMilli(c.timeMs()) + ", " + where(c) + ")");
        }
        if (byPoints.size() > MAX_REASONS) {
            reasons.add("... and " + (byPoints.size() - MAX_REASONS) + " more detection(s), listed in origin.event");
        }
        capped.forEach((sig, n) -> reasons.add(sig + " fired " + n + " times; counted " + policy.maxRepeatsPerSignature()
                + " (risk.signature.max.repeats)"));

        Severity severity = byScore && byTactics || score >= 2 * policy.threshold() ? Severity.CRITICAL : Severity.HIGH;
        String signature = byScore ? "Entity risk threshold reached" : "Entity detections span many ATT&CK tactics";
        String signatureId = byScore ? SCORE_SIGNATURE_ID : TACTICS_SIGNATURE_ID;
        boolean user = "user".equals(state.type());
        Contribution last = lastAt(members, end);
        String category = tactics.isEmpty() ? "risk" : tactics.first();
        return new Alert(alertId, end / 1000.0, "centinela", "Centinela", "alert", signature, signatureId,
                signature + ": " + what + " (risk " + score + ", " + members.size() + " detections, "
                        + tactics.size() + " tactics, " + hours + ")",
                severity, severity.id(), null, user ? null : state.value(), user ? state.value() : null, null,
                List.copyOf(techniques), List.copyOf(tactics), category, "host", "allowed", null, null, null, null,
                Math.min(100, score), state.value(), user ? "user" : "system", null, null, sources, List.of(), List.of(),
                null, reasons, origin(key, state, end, members, score, tactics, last));
    }

    private static Contribution lastAt(List<Contribution> members, long end) {
        Contribution last = members.get(members.size() - 1);
        for (Contribution c : members) {
            if (c.timeMs() == end) {
                return c; // the first (by alert id) of the detections that closed the window
            }
        }
        return last;
    }

    private static AlertOrigin origin(String key, RiskState state, long end, List<Contribution> members, int score,
                                      TreeSet<String> tactics, Contribution last) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode ev = f.objectNode();
        ev.put("risk_object", state.value()).put("risk_object_type", state.type()).put("key", key)
                .put("window_end_ms", end).put("risk", score).put("detections", members.size());
        ArrayNode ts = ev.putArray("tactics");
        tactics.forEach(ts::add);
        ArrayNode ids = ev.putArray("contributing_alert_ids");
        members.forEach(c -> ids.add(c.alertId()));
        ArrayNode list = ev.putArray("contributing");
        for (int i = Math.max(0, members.size() - MAX_LISTED); i < members.size(); i++) {
            Contribution c = members.get(i);
            ObjectNode o = list.addObject();
            o.put("alert_id", c.alertId()).put("time_ms", c.timeMs()).put("points", c.points())
                    .put("signature", cap(c.signature(), 120)).put("where", where(c));
        }
        String json = ev.toString();
        boolean truncated = false;
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > EXCERPT_MAX_BYTES) {
            json = new String(bytes, 0, EXCERPT_MAX_BYTES, StandardCharsets.UTF_8); // ASCII ids first: a clean cut
            truncated = true;
        }
        String format = last.format() == null ? "generic" : last.format();
        String kind = last.eventKind() == null ? "generic" : last.eventKind();
        if (last.topic() != null && last.partition() != null && last.offset() != null) {
            return new AlertOrigin(last.topic(), last.partition(), last.offset(), null, null, null, format, kind, json,
                    truncated);
        }
        return new AlertOrigin(null, null, null, null, "risk:" + key, 1L, format, kind, json, truncated);
    }

    private static String where(Contribution c) {
        return c.topic() == null ? "no kafka coordinates" : c.topic() + "/" + c.partition() + "/" + c.offset();
    }

    private static String cap(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n);
    }

    private static String formatWindow(long ms) {
        return ms % 3_600_000 == 0 ? (ms / 3_600_000) + " h window" : (ms / 60_000) + " min window";
    }
}
