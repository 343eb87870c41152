package io.centinela.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Joins verdicts with the alerts' original events into labelled training rows, with the poisoning defences of
 * docs/feedback.md applied before anything is written:
 * <ul>
 *   <li>a benign verdict (false positive) on an alert with a high or critical Sigma hit is <b>held for review</b>,
 *   not trained on: one mistaken or malicious analyst must not teach the model to ignore what a vetted rule
 *   calls serious;</li>
 *   <li>an alert whose origin excerpt was truncated is <b>skipped</b> and counted: the model would learn from a
 *   text it never scores (the excerpt is not the event);</li>
 *   <li>one analyst's share of the rows is capped at {@code maxAnalystShare} (earliest verdicts kept), and every
 *   analyst's kept and dropped counts are reported.</li>
 * </ul>
 * Pure: no I/O; one call, one result.
 */
final class FeedbackJoin {

    /** Why a verdict gave no training row. */
    enum Skip { NO_ALERT, NO_LABEL, TRUNCATED_EXCERPT, NOT_JSON_EVENT, ANALYST_CAP }

    /** Kept and dropped (by the cap) rows of one analyst. */
    record AnalystShare(int kept, int capped) {
    }

    /** The rows to train on, the rows held for review, what was skipped and each analyst's share. */
    record Result(List<ObjectNode> labelled, List<ObjectNode> held, Map<Skip, Integer> skipped,
                  Map<String, AnalystShare> analysts) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private FeedbackJoin() {
    }

    static Result join(List<Verdict> verdicts, AlertIndex alerts, double maxAnalystShare) {
        if (!(maxAnalystShare > 0 && maxAnalystShare <= 1)) {
            throw new IllegalArgumentException("max analyst share must be in (0, 1], got " + maxAnalystShare);
        }
        Map<Skip, Integer> skipped = new java.util.EnumMap<>(Skip.class);
        List<ObjectNode> held = new ArrayList<>();
        Map<String, List<ObjectNode>> byAnalyst = new TreeMap<>();
        // Oldest first, so the cap keeps the earliest verdicts whatever order the source listed them in.
        List<Verdict> ordered = new ArrayList<>(verdicts);
        ordered.sort(Comparator.comparingDouble(Verdict::time).thenComparing(Verdict::alertId));
        for (Verdict v : ordered) {
            JsonNode alert = alerts.get(v.alertId());
            if (alert == null) {
                skipped.merge(Skip.NO_ALERT, 1, Integer::sum);
                continue;
            }
            var label = v.disposition().label();
            if (label.isEmpty()) {
                skipped.merge(Skip.NO_LABEL, 1, Integer::sum);
                continue;
            }
            JsonNode origin = alert.path("origin");
            if (origin.path("truncated").asBoolean(false)) {
                skipped.merge(Skip.TRUNCATED_EXCERPT, 1, Integer::sum);
                continue;
            }
            JsonNode event;
            try {
                event = JSON.readTree(origin.path("event").asText(""));
            } catch (IOException e) {
                event = null;
            }
            if (event == null || !event.isObject()) {
                skipped.merge(Skip.NOT_JSON_EVENT, 1, Integer::sum);
                continue;
            }
            ArrayNode serious = seriousRuleHits(alert);
            if (label.get().equals("benign") && !serious.isEmpty()) {
                ObjectNode h = provenance(v, alert);
                h.put("reason", "benign verdict contradicts a high/critical rule hit");
                h.set("rule_hits", serious);
                h.set("event", event);
                held.add(h);
                continue;
            }
            ObjectNode row = JSON.createObjectNode();
            row.set("event", event);
            row.put("label", label.get());
            row.put("category", "site-feedback");
            row.put("source", "feedback/" + v.disposition().name().toLowerCase(java.util.Locale.ROOT));
            row.put("id", "feedback:" + v.alertId());
            row.set("meta", provenance(v, alert));
            byAnalyst.computeIfAbsent(v.analyst(), k -> new ArrayList<>()).add(row);
        }
        return capped(byAnalyst, maxAnalystShare, skipped, held);
    }

    /**
     * Keeps the largest per-analyst counts such that no analyst holds more than {@code share} of the total:
     * repeatedly trims the biggest contributor to {@code floor(share * total)} until the bound holds.
     */
    private static Result capped(Map<String, List<ObjectNode>> byAnalyst, double share, Map<Skip, Integer> skipped,
                                 List<ObjectNode> held) {
        Map<String, Integer> keep = new LinkedHashMap<>();
        byAnalyst.forEach((a, rows) -> keep.put(a, rows.size()));
        boolean changed = share < 1;
        while (changed) {
            changed = false;
            int total = keep.values().stream().mapToInt(Integer::intValue).sum();
            for (Map.Entry<String, Integer> e : keep.entrySet()) {
                int bound = (int) Math.floor(share * total);
                if (e.getValue() > bound) {
                    e.setValue(bound);
                    changed = true;
                    break;
                }
            }
        }
        List<ObjectNode> labelled = new ArrayList<>();
        Map<String, AnalystShare> analysts = new TreeMap<>();
        byAnalyst.forEach((a, rows) -> {
            int k = keep.get(a);
            labelled.addAll(rows.subList(0, k));
            analysts.put(a, new AnalystShare(k, rows.size() - k));
            if (rows.size() > k) {
                skipped.merge(Skip.ANALYST_CAP, rows.size() - k, Integer::sum);
            }
        });
        labelled.sort(Comparator.comparing(r -> r.path("meta").path("verdict_time").asDouble()));
        return new Result(List.copyOf(labelled), List.copyOf(held), Map.copyOf(skipped), analysts);
    }

    private static ArrayNode seriousRuleHits(JsonNode alert) {
        ArrayNode out = JSON.createArrayNode();
        for (JsonNode m : alert.path("sigma")) {
            String level = m.path("level").asText("");
            if (level.equals("high") || level.equals("critical")) {
                out.add(JSON.createObjectNode().put("id", m.path("id").asText()).put("title", m.path("title").asText())
                        .put("level", level));
            }
        }
        return out;
    }

    private static ObjectNode provenance(Verdict v, JsonNode alert) {
        ObjectNode meta = JSON.createObjectNode();
        meta.put("alert_id", v.alertId());
        meta.put("verdict", v.disposition().name().toLowerCase(java.util.Locale.ROOT));
        meta.put("analyst", v.analyst());
        meta.put("verdict_time", v.time());
        meta.put("note", v.note());
        meta.put("signature", alert.path("signature").asText(""));
        JsonNode model = alert.path("model");
        if (model.isObject()) {
            meta.put("model_name", model.path("name").asText(""));
            meta.put("model_version", model.path("version").asText(""));
            meta.put("model_score", model.path("score").asDouble());
        }
        ObjectNode origin = meta.putObject("origin");
        for (String f : new String[] {"topic", "partition", "offset", "file", "line"}) {
            if (alert.path("origin").has(f)) {
                origin.set(f, alert.path("origin").get(f));
            }
        }
        return meta;
    }
}
