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
        ConfigDef.Builder b = ConfigDef.builder();
        for (ConfigDef.Key k : CentinelaConfig.DEF.keys()) {
            if (k.name().startsWith("risk.")) {
                b.define(k.name(), k.type(), k.defaultValue(), k.validator(), k.doc());
            }
        }
        Map<String, Object> v = b.build().parse(raw);
        return new RiskPolicy((Long) v.get(CentinelaConfig.RISK_WINDOW_MS), (Long) v.get(CentinelaConfig.RISK_GRACE_MS), (Integer) v.get(CentinelaConfig.RISK_THRESHOLD),
                (Integer) v.get(CentinelaConfig.RISK_TACTICS), (Integer) v.get(CentinelaConfig.RISK_POINTS_INFORMATIONAL), (Integer) v.get(CentinelaConfig.RISK_POINTS_LOW),
                (Integer) v.get(CentinelaConfig.RISK_POINTS_MEDIUM), (Integer) v.get(CentinelaConfig.RISK_POINTS_HIGH), (Integer) v.get(CentinelaConfig.RISK_POINTS_CRITICAL),
                (Double) v.get(CentinelaConfig.RISK_POINTS_YARA_FACTOR), (Integer) v.get(CentinelaConfig.RISK_POINTS_MODEL_MAX),
                (Double) v.get(CentinelaConfig.RISK_MODEL_MIN_SCORE), (Integer) v.get(CentinelaConfig.RISK_SIGNATURE_MAX_REPEATS),
                (Integer) v.get(CentinelaConfig.RISK_ENTITY_MAX_DETECTIONS), (Integer) v.get(CentinelaConfig.RISK_ENTITIES_MAX),
                "quiet".equals(v.get(CentinelaConfig.RISK_MODE)), Severity.parse((String) v.get(CentinelaConfig.RISK_QUIET_MAX_LEVEL)));
    }

    /** From the service configuration. */
    public static RiskPolicy of(CentinelaConfig c) {
        return new RiskPolicy(c.longValue(CentinelaConfig.RISK_WINDOW_MS), c.longValue(CentinelaConfig.RISK_GRACE_MS), c.integer(CentinelaConfig.RISK_THRESHOLD),
                c.integer(CentinelaConfig.RISK_TACTICS), c.integer(CentinelaConfig.RISK_POINTS_INFORMATIONAL), c.integer(CentinelaConfig.RISK_POINTS_LOW),
                c.integer(CentinelaConfig.RISK_POINTS_MEDIUM), c.integer(CentinelaConfig.RISK_POINTS_HIGH), c.integer(CentinelaConfig.RISK_POINTS_CRITICAL),
                c.doubleValue(CentinelaConfig.RISK_POINTS_YARA_FACTOR), c.integer(CentinelaConfig.RISK_POINTS_MODEL_MAX),
                c.doubleValue(CentinelaConfig.RISK_MODEL_MIN_SCORE), c.integer(CentinelaConfig.RISK_SIGNATURE_MAX_REPEATS),
                c.integer(CentinelaConfig.RISK_ENTITY_MAX_DETECTIONS), c.integer(CentinelaConfig.RISK_ENTITIES_MAX),
                "quiet".equals(c.string(CentinelaConfig.RISK_MODE)), Severity.parse(c.string(CentinelaConfig.RISK_QUIET_MAX_LEVEL)));
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
