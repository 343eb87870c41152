package io.centinela.risk;

import io.centinela.alert.Alert;
import io.centinela.alert.AlertOrigin;
import io.centinela.sigma.SigmaMatch;
import io.centinela.sigma.correlation.Hit;
import io.centinela.yara.YaraMatch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The compact record the per-event analysis publishes for every detection (internal topic
 * {@code risk.detections.topic}): enough to score risk and to evaluate correlations, without the event itself.
 * Serialised as JSON by {@link DetectionCodec}; the record is the contract between the connector and the
 * Streams topology, so fields are only ever added.
 *
 * @param alertId     the per-event alert id (deterministic, see AlertIds): also the idempotency key downstream
 * @param eventTimeMs event time (epoch ms) from the event itself; the topology's windows run on it
 * @param signature   title of the strongest detection
 * @param sigma       Sigma rules that fired: id, title, level
 * @param yara        YARA rules that matched with their score (0-100, as the fusion reads it)
 * @param modelScore  the model's score when the event was scored, else null; {@code modelThreshold} with it
 * @param tactics     ATT&CK tactic names, {@code techniques} technique ids (as in the alert)
 * @param src         CIM src, {@code dest} CIM dest, {@code user} CIM user (each null when unknown)
 * @param fields      correlation-relevant event fields (Sigma matched fields, CIM fields); capped by the publisher
 * @param alerted     true when the event was also delivered as an alert of its own (false: it feeds risk only)
 * @param topic       Kafka coordinates of the source event, {@code format} and {@code eventKind} as in the alert
 * @param hits        the event's hits of rules that Sigma correlation rules count (generate:false base rules too),
 *                    each with only the group-by/value fields the loaded correlations read and a capped excerpt
 *                    (at most {@link #MAX_HITS}); empty when no correlation is loaded
 */
public record Detection(String alertId, long eventTimeMs, String signature, List<Rule> sigma, List<Yara> yara,
                        Double modelScore, Double modelThreshold, List<String> tactics, List<String> techniques,
                        String src, String dest, String user, Map<String, String> fields, boolean alerted,
                        String topic, Integer partition, Long offset, String format, String eventKind,
                        List<Hit> hits) {

    /** Most correlation hits carried per detection (one per matching referenced rule; a handful in practice). */
    static final int MAX_HITS = 16;

    /** A detection without correlation hits. */
    public Detection(String alertId, long eventTimeMs, String signature, List<Rule> sigma, List<Yara> yara,
                     Double modelScore, Double modelThreshold, List<String> tactics, List<String> techniques,
                     String src, String dest, String user, Map<String, String> fields, boolean alerted,
                     String topic, Integer partition, Long offset, String format, String eventKind) {
        this(alertId, eventTimeMs, signature, sigma, yara, modelScore, modelThreshold, tactics, techniques, src, dest,
                user, fields, alerted, topic, partition, offset, format, eventKind, List.of());
    }

    public Detection {
        hits = hits == null ? List.of() : List.copyOf(hits.size() > MAX_HITS ? hits.subList(0, MAX_HITS) : hits);
        if (alertId == null || alertId.isBlank()) {
            throw new IllegalArgumentException("a detection needs its alert id");
        }
        sigma = sigma == null ? List.of() : List.copyOf(sigma);
        yara = yara == null ? List.of() : List.copyOf(yara);
        tactics = tactics == null ? List.of() : List.copyOf(tactics);
        techniques = techniques == null ? List.of() : List.copyOf(techniques);
        fields = fields == null ? Map.of() : Map.copyOf(fields);
    }

    /** A Sigma rule hit: id, title and level (null level scores as medium, as in the fusion). */
    public record Rule(String id, String title, String level) {
    }

    /** A YARA hit: namespace:rule and its score 0-100. */
    public record Yara(String rule, int score) {
    }

    /** Most fields kept per detection: correlation needs a few group-by values, not the event. */
    static final int MAX_FIELDS = 32;
    static final int MAX_FIELD_CHARS = 256;

    /** The detection behind a per-event alert ({@code alerted}: whether that alert is delivered on its own). */
    public static Detection of(Alert a, boolean alerted) {
        List<Rule> rules = new ArrayList<>();
        Map<String, String> fields = new LinkedHashMap<>();
        for (SigmaMatch m : a.sigma()) {
            rules.add(new Rule(m.id(), m.title(), m.level()));
            m.matchedFields().forEach((k, v) -> putField(fields, k, v));
        }
        List<Yara> yara = new ArrayList<>();
        for (YaraMatch y : a.yara()) {
            yara.add(new Yara((y.namespace() == null ? "" : y.namespace() + ":") + y.rule(), yaraScore(y.meta())));
        }
        putField(fields, "src", a.src());
        putField(fields, "dest", a.dest());
        putField(fields, "user", a.user());
        AlertOrigin o = a.origin();
        return new Detection(a.alertId(), Math.round(a.time() * 1000), a.signature(), rules, yara,
                a.model() == null ? null : a.model().score(), a.model() == null ? null : a.model().threshold(),
                a.mitreTactic(), a.mitreTechniqueId(), a.src(), a.dest(), a.user(), fields, alerted,
                o == null ? null : o.topic(), o == null ? null : o.partition(), o == null ? null : o.offset(),
                o == null ? null : o.format(), o == null ? null : o.eventKind());
    }

    /** This detection carrying the event's correlation hits. */
    public Detection withHits(List<Hit> h) {
        return new Detection(alertId, eventTimeMs, signature, sigma, yara, modelScore, modelThreshold, tactics,
                techniques, src, dest, user, fields, alerted, topic, partition, offset, format, eventKind, h);
    }

    /**
     * The detection of an event that raised no alert (or none delivered) but has correlation hits, e.g. of
     * {@code generate: false} base rules: no risk objects (it adds no risk), id {@code corr:<event ref>}.
     */
    public static Detection ofHits(io.centinela.event.EventOrigin origin, String format, String eventKind, List<Hit> hits) {
        Hit first = hits.get(0);
        String topic = null;
        Integer partition = null;
        Long offset = null;
        if (origin instanceof io.centinela.event.EventOrigin.Kafka k) {
            topic = k.topic();
            partition = k.partition();
            offset = k.offset();
        }
        return new Detection("corr:" + first.eventRef(), first.time(), null, List.of(), List.of(), null, null, List.of(),
                List.of(), null, null, null, Map.of(), false, topic, partition, offset, format, eventKind, hits);
    }

    private static void putField(Map<String, String> fields, String k, String v) {
        if (k != null && v != null && fields.size() < MAX_FIELDS) {
            fields.putIfAbsent(k, v.length() > MAX_FIELD_CHARS ? v.substring(0, MAX_FIELD_CHARS) : v);
        }
    }

    /**
     * YARA score as the fusion reads it: meta {@code score} (0-100), else meta {@code severity} (1-10 times 10, a
     * level name by the Sigma bands 10/30/50/75/95), else 60; clamped to 0-100.
     */
    static int yaraScore(Map<String, Object> meta) {
        Object score = meta.get("score");
        Integer n = number(score);
        if (n == null) {
            Object sev = meta.get("severity");
            Integer s = number(sev);
            if (s != null) {
                n = s <= 10 ? s * 10 : s;
            } else if (sev != null) {
                n = switch (String.valueOf(sev).trim().toLowerCase(Locale.ROOT)) {
                    case "informational", "info" -> 10;
                    case "low" -> 30;
                    case "high" -> 75;
                    case "critical" -> 95;
                    default -> 50;
                };
            }
        }
        return Math.max(0, Math.min(100, n == null ? 60 : n));
    }

    private static Integer number(Object v) {
        if (v instanceof Number num) {
            return (int) Math.round(num.doubleValue());
        }
        if (v instanceof String s) {
            try {
                return (int) Math.round(Double.parseDouble(s.trim()));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** Kafka or file coordinates of the source event, for reasons and excerpts. */
    String where() {
        return topic == null ? "?" : topic + "/" + partition + "/" + offset;
    }
}
