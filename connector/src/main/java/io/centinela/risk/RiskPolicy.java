package io.centinela.risk;

import io.centinela.alert.Severity;
import io.centinela.config.CentinelaConfig;
import io.centinela.config.ConfigDef;
import io.centinela.config.ConfigException;

import java.util.Map;

/**
 * How detections become entity risk and when risk becomes an alert (docs/risk.md). The keys ({@code risk.*}) are
 * declared once, with types, defaults and validators, in {@link CentinelaConfig#DEF}; this record reads them and
 * checks what only makes sense together. Immutable.
 *
 * <p>Points of one detection = the highest of its sources: Sigma by level, YARA score x {@code yaraFactor}, model
 * score x {@code modelMaxPoints} (scores below {@code modelMinScore} add nothing). One event counts once per
 * entity: corroboration inside an event is the per-event fusion's job.
 */
public record RiskPolicy(long windowMs, long graceMs, int threshold, int tactics, int informationalPoints,
                         int lowPoints, int mediumPoints, int highPoints, int criticalPoints, double yaraFactor,
                         int modelMaxPoints, double modelMinScore, int maxRepeatsPerSignature,
                         int maxDetectionsPerEntity, int maxEntities, boolean quiet, Severity quietMaxLevel) {

    public RiskPolicy {
        if (graceMs >= windowMs) {
            throw new ConfigException("risk.grace.ms (" + graceMs + ") must be below risk.window.ms (" + windowMs + ")");
        }
        if (!(informationalPoints <= lowPoints && lowPoints <= mediumPoints && mediumPoints <= highPoints
                && highPoints <= criticalPoints)) {
            throw new ConfigException("risk.points.* must not fall from informational to critical, got " + informationalPoints
                    + "/" + lowPoints + "/" + mediumPoints + "/" + highPoints + "/" + criticalPoints);
        }
    }

    /** Every default (docs/risk.md gives the reasoning). */
    public static RiskPolicy defaults() {
        return from(Map.of());
    }

    /** From flat {@code risk.*} keys (defaults for the rest); unknown keys and bad values fail with all problems. */
    public static RiskPolicy from(Map<String, Object> raw) {
        ConfigDef def = new ConfigDef();
        for (ConfigDef.Key k : CentinelaConfig.DEF.keys()) {
            if (k.name().startsWith("risk.")) {
                def.define(k.name(), k.type(), k.defaultValue(), k.validator(), k.doc());
            }
        }
        Map<String, Object> v = def.parse(raw);
        return new RiskPolicy((Long) v.get("risk.window.ms"), (Long) v.get("risk.grace.ms"), (Integer) v.get("risk.threshold"),
                (Integer) v.get("risk.tactics"), (Integer) v.get("risk.points.informational"), (Integer) v.get("risk.points.low"),
                (Integer) v.get("risk.points.medium"), (Integer) v.get("risk.points.high"), (Integer) v.get("risk.points.critical"),
                (Double) v.get("risk.points.yara.factor"), (Integer) v.get("risk.points.model.max"),
                (Double) v.get("risk.model.min.score"), (Integer) v.get("risk.signature.max.repeats"),
                (Integer) v.get("risk.entity.max.detections"), (Integer) v.get("risk.entities.max"),
                "quiet".equals(v.get("risk.mode")), Severity.parse((String) v.get("risk.quiet.max.level")));
    }

    /** From the service configuration. */
    public static RiskPolicy of(CentinelaConfig c) {
        return new RiskPolicy(c.longValue("risk.window.ms"), c.longValue("risk.grace.ms"), c.integer("risk.threshold"),
                c.integer("risk.tactics"), c.integer("risk.points.informational"), c.integer("risk.points.low"),
                c.integer("risk.points.medium"), c.integer("risk.points.high"), c.integer("risk.points.critical"),
                c.doubleValue("risk.points.yara.factor"), c.integer("risk.points.model.max"),
                c.doubleValue("risk.model.min.score"), c.integer("risk.signature.max.repeats"),
                c.integer("risk.entity.max.detections"), c.integer("risk.entities.max"),
                "quiet".equals(c.string("risk.mode")), Severity.parse(c.string("risk.quiet.max.level")));
    }

    int points(Severity level) {
        return switch (level) {
            case INFORMATIONAL -> informationalPoints;
            case LOW -> lowPoints;
            case MEDIUM -> mediumPoints;
            case HIGH -> highPoints;
            case CRITICAL -> criticalPoints;
        };
    }

    /** Risk points of one detection: the highest of its Sigma, YARA and model points. */
    int points(Detection d) {
        int best = 0;
        for (Detection.Rule r : d.sigma()) {
            best = Math.max(best, points(Severity.parse(r.level())));
        }
        for (Detection.Yara y : d.yara()) {
            best = Math.max(best, (int) Math.round(y.score() * yaraFactor));
        }
        if (d.modelScore() != null && d.modelScore() >= modelMinScore) {
            best = Math.max(best, (int) Math.round(d.modelScore() * modelMaxPoints));
        }
        return best;
    }

    /**
     * Under quiet mode: true when this per-event alert should only feed risk (no model hit, no YARA hit, every
     * Sigma rule at most {@code quietMaxLevel}).
     */
    public boolean riskOnly(io.centinela.alert.Alert a) {
        if (!quiet || a.detectionSources().contains("model") || !a.yara().isEmpty()) {
            return false;
        }
        return a.sigma().stream().allMatch(m -> Severity.parse(m.level()).id() <= quietMaxLevel.id());
    }
}
