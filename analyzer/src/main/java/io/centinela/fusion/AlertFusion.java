package io.centinela.fusion;

import io.centinela.event.EventTime;
import io.centinela.alert.Alert;
import io.centinela.alert.AlertIds;
import io.centinela.alert.AlertOrigin;
import io.centinela.alert.ModelDetection;
import io.centinela.alert.Severity;
import io.centinela.baseline.SiteBaseline;
import io.centinela.event.Event;
import io.centinela.event.EventOrigin;
import io.centinela.sigma.SigmaMatch;
import io.centinela.yara.YaraMatch;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Fuses what Sigma, YARA and the model found on one event into at most one {@link Alert} (formula in
 * docs/fusion.md). An alert is raised when any rule fires or the model score reaches its threshold; it lists
 * every detection, the reasons, the CIM entities of the event, ATT&CK ids and a deterministic {@code alert_id}.
 * A rule hit is never dropped because of a low model score unless the policy enables suppression.
 * Immutable and thread-safe.
 */
public final class AlertFusion {

    private final FusionPolicy policy;
    private final Clock clock;

    public AlertFusion(FusionPolicy policy) {
        this(policy, Clock.systemUTC());
    }

    /** {@code clock} gives the alert time only for events that carry no time of their own. */
    public AlertFusion(FusionPolicy policy, Clock clock) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public FusionPolicy policy() {
        return policy;
    }

    /** One scored detection, for ranking. */
    private record Scored(String source, String id, String title, int points, Severity severity) {
    }

    /**
     * The alert for an event, or empty when nothing fired (or a weak rule-only hit was suppressed by policy).
     *
     * @param model the model's verdict, or null when the event was not scored
     */
    public Optional<Alert> fuse(Event event, List<SigmaMatch> sigma, List<YaraMatch> yara, ModelDetection model) {
        return fuse(event, sigma, yara, model, null);
    }

    /**
     * As {@link #fuse(Event, List, List, ModelDetection)}, with the site baseline's view of the event. When the
     * baseline is warm for the event's kind, the model counts only if the event also looks unusual here (anomaly
     * percentile >= {@code modelMinNovelty}, never for an exact repeat of a learned event); rule hits are
     * unaffected. Null or a cold baseline: exactly the behaviour without one.
     *
     * @param novelty the baseline's assessment of this event, or null when no baseline is configured
     */
    public Optional<Alert> fuse(Event event, List<SigmaMatch> sigma, List<YaraMatch> yara, ModelDetection model,
                                SiteBaseline.Novelty novelty) {
        Objects.requireNonNull(event, "event");
        List<SigmaMatch> sigmaHits = sigma == null ? List.of() : sigma;
        List<YaraMatch> yaraHits = yara == null ? List.of() : yara;

        List<Scored> scored = new ArrayList<>();
        boolean sigmaTriggers = false;
        for (SigmaMatch m : sigmaHits) {
            Severity level = Severity.parse(m.level());
            scored.add(new Scored("sigma", "sigma:" + m.id(), m.title(), policy.points(level), level));
            sigmaTriggers |= level.id() >= policy.minSigmaLevel().id();
        }
        List<Integer> yaraPoints = new ArrayList<>();
        for (YaraMatch m : yaraHits) {
            int p = yaraPoints(m.meta());
            yaraPoints.add(p);
            scored.add(new Scored("yara", "yara:" + (m.namespace() == null ? "" : m.namespace() + ":") + m.rule(),
                    m.rule(), p, policy.band(p)));
        }
        boolean modelOver = model != null && model.score() >= model.threshold();
        boolean baseline = novelty != null && novelty.warm();
        // "Looks malicious" AND "unusual here": a warm baseline vetoes verdicts on what the site sees all the time.
        // Where the classifier rarely fires on this site's normal traffic it is in distribution and only exact
        // repeats are vetoed; where it fires on much of it, the event must also be unusual (docs/fusion.md).
        boolean usualHere = baseline && (novelty.familiar()
                || (novelty.modelOverRate() > policy.modelTrustedBelowRate()
                    && novelty.percentile() < policy.modelMinNovelty()));
        boolean modelFired = modelOver && !usualHere;
        if (modelFired) {
            int p = modelPoints(model);
            scored.add(new Scored("model", AlertIds.MODEL_PREFIX + model.name(), "Model " + model.name() + " verdict: malicious",
                    p, policy.band(p)));
        }
        boolean rulesFired = sigmaTriggers || !yaraHits.isEmpty();
        if (!rulesFired && !modelFired) {
            return Optional.empty();
        }
        if (suppressed(scored, model, modelFired)) {
            return Optional.empty();
        }

        Scored top = scored.stream()
                .max(Comparator.comparingInt(Scored::points).thenComparing(Scored::id, Comparator.reverseOrder()))
                .orElseThrow();
        Set<String> sources = new LinkedHashSet<>();
        for (String s : List.of("sigma", "yara", "model")) {
            if (scored.stream().anyMatch(d -> d.source().equals(s))) {
                sources.add(s);
            }
        }
        int ruleCount = (int) scored.stream().filter(d -> !d.source().equals("model")).count();
        int bonus = policy.corroborationBonus() * (sources.size() - 1)
                + Math.min(policy.maxExtraRuleBonus(), policy.extraRuleBonus() * Math.max(0, ruleCount - 1));
        int risk = Math.min(100, top.points() + bonus);
        Severity severity = policy.band(risk);
        for (Scored d : scored) {
            if (d.source().equals("sigma")) {
                severity = severity.max(d.severity()); // Sigma level maps 1:1 to CIM severity: never below it
            }
        }

        AttackTags attack = new AttackTags();
        sigmaHits.forEach(m -> attack.addSigmaTags(m.tags()));
        yaraHits.forEach(m -> attack.addYara(m.tags(), m.meta()));

        List<String> reasons = new ArrayList<>();
        sigmaHits.forEach(m -> reasons.add(Reasons.sigma(m)));
        for (int i = 0; i < yaraHits.size(); i++) {
            reasons.add(Reasons.yara(yaraHits.get(i), yaraPoints.get(i)));
        }
        if (model != null) {
            reasons.add(Reasons.model(model, modelFired, rulesFired, novelty, modelOver && usualHere));
        }

        CimFields cim = CimFields.of(event);
        List<String> detectionIds = scored.stream().map(Scored::id).toList();
        String alertId = AlertIds.of(event.origin().key(), detectionIds);
        long millis = EventTime.millis(event, clock.millis());
        String category = attack.tactics().isEmpty() ? defaultCategory(event, sources) : attack.tactics().iterator().next();

        return Optional.of(new Alert(alertId, millis / 1000.0, policy.app(), policy.vendorProduct(), "alert",
                top.title(), top.id().substring(top.id().indexOf(':') + 1), description(top, scored, cim),
                severity, severity.id(), cim.src(), cim.dest(), cim.user(), cim.dvc(),
                List.copyOf(attack.techniques()), List.copyOf(attack.tactics()), category,
                event.kind() == io.centinela.event.EventKind.WEB ? "network" : "host", "allowed",
                cim.fileName(), cim.filePath(), cim.fileHash(), cim.url(), risk, cim.riskObject(),
                cim.riskObjectType(), cim.threatObject(), cim.threatObjectType(), List.copyOf(sources),
                sigmaHits, yaraHits, model, reasons, origin(event)));
    }

    /** Suppression (off by default): a weak rule-only alert the model judged benign. */
    private boolean suppressed(List<Scored> scored, ModelDetection model, boolean modelFired) {
        Double below = policy.suppressRuleHitsBelowModelScore();
        if (below == null || model == null || modelFired || model.score() >= below) {
            return false;
        }
        return scored.stream().allMatch(d -> d.severity().id() <= policy.suppressUpTo().id());
    }

    /** YARA meta {@code score} (0-100), else {@code severity} (1-10 scaled x10, 0-100, or a level name). */
    int yaraPoints(Map<String, Object> meta) {
        Integer fromScore = number(meta.get("score"));
        if (fromScore != null) {
            return clamp(fromScore);
        }
        Object sev = meta.get("severity");
        Integer n = number(sev);
        if (n != null) {
            return clamp(n <= 10 ? n * 10 : n);
        }
        if (sev instanceof String s && !s.isBlank()) {
            return policy.points(Severity.parse(s));
        }
        return policy.yaraDefaultPoints();
    }

    private int modelPoints(ModelDetection d) {
        double t = d.threshold();
        double span = t >= 1 ? 0 : (Math.min(1, d.score()) - t) / (1 - t);
        return (int) Math.round(policy.modelFloorPoints()
                + (policy.modelCeilingPoints() - policy.modelFloorPoints()) * Math.max(0, span));
    }

    private static Integer number(Object v) {
        if (v instanceof Number n) {
            return (int) Math.round(n.doubleValue());
        }
        if (v instanceof String s && s.trim().matches("-?\\d+(\\.\\d+)?")) {
            return (int) Math.round(Double.parseDouble(s.trim()));
        }
        return null;
    }

    private static int clamp(int p) {
        return Math.max(0, Math.min(100, p));
    }

    private static String description(Scored top, List<Scored> all, CimFields cim) {
        StringBuilder sb = new StringBuilder(top.title());
        String where = cim.dest() != null ? cim.dest() : cim.src();
        if (where != null) {
            sb.append(" on ").append(where);
        }
        if (all.size() > 1) {
            sb.append(" (+").append(all.size() - 1).append(all.size() == 2 ? " more detection)" : " more detections)");
        }
        return sb.toString();
    }

    private static String defaultCategory(Event e, Set<String> sources) {
        return switch (e.kind()) {
            case WEB -> "web-attack";
            case EMAIL -> "phishing";
            default -> sources.contains("yara") ? "malware" : "suspicious-activity";
        };
    }

    private AlertOrigin origin(Event e) {
        RawExcerpt raw = RawExcerpt.of(e.raw().toString(), policy.excerptMaxBytes());
        String format = e.format().name().toLowerCase(Locale.ROOT).replace('_', '-');
        String kind = e.kind().name().toLowerCase(Locale.ROOT);
        if (e.origin() instanceof EventOrigin.Kafka k) {
            return new AlertOrigin(k.topic(), k.partition(), k.offset(), k.timestamp(), null, null, format, kind,
                    raw.text(), raw.truncated());
        }
        EventOrigin.File f = (EventOrigin.File) e.origin();
        return new AlertOrigin(null, null, null, null, f.path(), f.line(), format, kind, raw.text(), raw.truncated());
    }
}
