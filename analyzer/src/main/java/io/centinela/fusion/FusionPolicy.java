package io.centinela.fusion;

import io.centinela.alert.Severity;

import java.util.Objects;

/**
 * How detections become a risk score, a severity and an alert (formula in docs/fusion.md). Immutable; build one
 * from config with {@link #defaults()} and the {@code with...} methods.
 *
 * @param informationalPoints Sigma level points (0-100); also used for YARA/level strings
 * @param lowPoints           points of a low rule
 * @param mediumPoints        points of a medium rule
 * @param highPoints          points of a high rule
 * @param criticalPoints      points of a critical rule
 * @param yaraDefaultPoints   points of a YARA rule without {@code score}/{@code severity} meta
 * @param modelFloorPoints    points of a model score exactly at its threshold
 * @param modelCeilingPoints  points of a model score of 1.0 (the model alone stays below critical by default)
 * @param corroborationBonus  added per extra detection source (sigma, yara, model) that fired
 * @param extraRuleBonus      added per extra rule hit beyond the strongest
 * @param maxExtraRuleBonus   cap of the extra-rule bonus
 * @param lowThreshold        risk at or above which severity is at least low (below: informational)
 * @param mediumThreshold     ... at least medium
 * @param highThreshold       ... at least high
 * @param criticalThreshold   ... critical
 * @param minSigmaLevel       Sigma hits below this level are listed but do not raise an alert on their own
 * @param suppressRuleHitsBelowModelScore when not null: rule-only alerts whose strongest rule is at most
 *                            {@code suppressUpTo} are dropped when the model scored the event below this value.
 *                            Null (default): a rule hit is never suppressed by the model.
 * @param suppressUpTo        the highest rule severity that suppression may drop
 * @param excerptMaxBytes     cap on the original event copied into the alert (UTF-8 bytes)
 * @param app                 CIM {@code app}
 * @param vendorProduct       CIM {@code vendor_product}
 * @param modelMinNovelty     when a warm site baseline covers the event's kind: the anomaly percentile (0-1) the
 *                            event must reach for the model to count ("looks malicious" and "unusual here");
 *                            an exact repeat of a learned event never counts. Unused without a baseline.
 * @param modelTrustedBelowRate when the classifier scores at most this share of the kind's learned (normal)
 *                            traffic at or above its threshold, it is in distribution on this site and keeps its
 *                            say without the novelty condition (exact repeats still never count)
 */
public record FusionPolicy(
        int informationalPoints, int lowPoints, int mediumPoints, int highPoints, int criticalPoints,
        int yaraDefaultPoints, int modelFloorPoints, int modelCeilingPoints,
        int corroborationBonus, int extraRuleBonus, int maxExtraRuleBonus,
        int lowThreshold, int mediumThreshold, int highThreshold, int criticalThreshold,
        Severity minSigmaLevel, Double suppressRuleHitsBelowModelScore, Severity suppressUpTo,
        int excerptMaxBytes, String app, String vendorProduct, double modelMinNovelty,
        double modelTrustedBelowRate) {

    public FusionPolicy {
        for (int p : new int[] {informationalPoints, lowPoints, mediumPoints, highPoints, criticalPoints,
                yaraDefaultPoints, modelFloorPoints, modelCeilingPoints, corroborationBonus, extraRuleBonus,
                maxExtraRuleBonus, lowThreshold, mediumThreshold, highThreshold, criticalThreshold}) {
            if (p < 0 || p > 100) {
                throw new IllegalArgumentException("fusion points and thresholds must be 0-100, got " + p);
            }
        }
        if (!(lowThreshold <= mediumThreshold && mediumThreshold <= highThreshold && highThreshold <= criticalThreshold)) {
            throw new IllegalArgumentException("fusion severity thresholds must rise: lowThreshold " + lowThreshold
                    + " <= mediumThreshold " + mediumThreshold + " <= highThreshold " + highThreshold
                    + " <= criticalThreshold " + criticalThreshold);
        }
        if (modelFloorPoints > modelCeilingPoints) {
            throw new IllegalArgumentException("fusion modelFloorPoints " + modelFloorPoints
                    + " must be <= modelCeilingPoints " + modelCeilingPoints);
        }
        if (suppressRuleHitsBelowModelScore != null
                && (suppressRuleHitsBelowModelScore < 0 || suppressRuleHitsBelowModelScore > 1)) {
            throw new IllegalArgumentException("fusion suppressRuleHitsBelowModelScore must be 0-1 or unset");
        }
        if (!(modelMinNovelty >= 0 && modelMinNovelty <= 1)) {
            throw new IllegalArgumentException("fusion modelMinNovelty must be 0-1, got " + modelMinNovelty);
        }
        if (!(modelTrustedBelowRate >= 0 && modelTrustedBelowRate <= 1)) {
            throw new IllegalArgumentException("fusion modelTrustedBelowRate must be 0-1, got " + modelTrustedBelowRate);
        }
        if (excerptMaxBytes < 256) {
            throw new IllegalArgumentException("fusion excerptMaxBytes must be >= 256, got " + excerptMaxBytes);
        }
        Objects.requireNonNull(minSigmaLevel, "minSigmaLevel");
        Objects.requireNonNull(suppressUpTo, "suppressUpTo");
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(vendorProduct, "vendorProduct");
    }

    /** Default {@link #modelMinNovelty}: chosen on ood/web and the dev splits (docs/baseline.md). */
    public static final double DEFAULT_MIN_NOVELTY = 0.99;
    /**
     * Default {@link #modelTrustedBelowRate}: 25%. Measured misfire rates on a site's normal traffic: 0.4-1.5%
     * (e-mail, Windows, CSIC web at int8), up to 9% (CSIC web at fp32, threshold 0.003), 100% (ood/web).
     */
    public static final double DEFAULT_TRUSTED_BELOW_RATE = 0.25;

    /** The documented defaults: levels 10/30/50/75/95, bands 20/40/70/90, no suppression, 8 KiB excerpt. */
    public static FusionPolicy defaults() {
        return new FusionPolicy(10, 30, 50, 75, 95, 60, 40, 80, 10, 2, 10, 20, 40, 70, 90,
                Severity.INFORMATIONAL, null, Severity.MEDIUM, 8192, "centinela", "Centinela", DEFAULT_MIN_NOVELTY,
                DEFAULT_TRUSTED_BELOW_RATE);
    }

    /**
     * The defaults with the given keys overridden (the connector's {@code fusion:} section of centinela.yaml, e.g.
     * {@code fusion: {highPoints: 80, suppressUpTo: low}}).
     * Values may be numbers, numeric strings, severity names or null (for the suppression score). An unknown key
     * or a bad value fails with the key, the allowed keys and the reason.
     */
    public static FusionPolicy from(java.util.Map<String, ?> overrides) {
        java.lang.reflect.RecordComponent[] components = FusionPolicy.class.getRecordComponents();
        FusionPolicy defaults = defaults();
        Object[] args = new Object[components.length];
        java.util.Map<String, Integer> index = new java.util.LinkedHashMap<>();
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            index.put(components[i].getName(), i);
            types[i] = components[i].getType();
            try {
                args[i] = components[i].getAccessor().invoke(defaults);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        for (var e : overrides.entrySet()) {
            Integer i = index.get(e.getKey());
            if (i == null) {
                throw new IllegalArgumentException("fusion: unknown key '" + e.getKey() + "'; allowed: " + index.keySet());
            }
            args[i] = convert(e.getKey(), types[i], e.getValue());
        }
        try {
            return (FusionPolicy) FusionPolicy.class.getDeclaredConstructor(types).newInstance(args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object convert(String key, Class<?> type, Object value) {
        try {
            if (type == int.class) {
                if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
                    return n.intValue();
                }
                return Integer.parseInt(String.valueOf(value).trim());
            }
            if (type == double.class) {
                return value instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(value).trim());
            }
            if (type == Double.class) {
                return value == null ? null : value instanceof Number n ? n.doubleValue()
                        : Double.parseDouble(String.valueOf(value).trim());
            }
            if (type == Severity.class) {
                String s = String.valueOf(value).trim().toLowerCase(java.util.Locale.ROOT);
                for (Severity sev : Severity.values()) {
                    if (sev.cimName().equals(s)) {
                        return sev;
                    }
                }
                throw new IllegalArgumentException("not a severity");
            }
            if (value == null) {
                throw new IllegalArgumentException("must not be empty");
            }
            return String.valueOf(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("fusion." + key + ": bad value '" + value + "' (" + e.getMessage()
                    + "); expected " + (type == int.class ? "an integer 0-100" : type == double.class ? "a number 0-1"
                    : type == Double.class
                    ? "a number 0-1 or null" : type == Severity.class
                    ? "informational, low, medium, high or critical" : "a string"), e);
        }
    }

    /** Turns on suppression of weak rule hits the model scores below {@code score}. */
    public FusionPolicy withSuppression(double score, Severity upTo) {
        return new FusionPolicy(informationalPoints, lowPoints, mediumPoints, highPoints, criticalPoints,
                yaraDefaultPoints, modelFloorPoints, modelCeilingPoints, corroborationBonus, extraRuleBonus,
                maxExtraRuleBonus, lowThreshold, mediumThreshold, highThreshold, criticalThreshold, minSigmaLevel,
                score, upTo, excerptMaxBytes, app, vendorProduct, modelMinNovelty, modelTrustedBelowRate);
    }

    public FusionPolicy withExcerptMaxBytes(int bytes) {
        return new FusionPolicy(informationalPoints, lowPoints, mediumPoints, highPoints, criticalPoints,
                yaraDefaultPoints, modelFloorPoints, modelCeilingPoints, corroborationBonus, extraRuleBonus,
                maxExtraRuleBonus, lowThreshold, mediumThreshold, highThreshold, criticalThreshold, minSigmaLevel,
                suppressRuleHitsBelowModelScore, suppressUpTo, bytes, app, vendorProduct, modelMinNovelty, modelTrustedBelowRate);
    }

    /** The anomaly percentile a model verdict needs when a warm site baseline covers the event's kind. */
    public FusionPolicy withModelMinNovelty(double percentile) {
        return new FusionPolicy(informationalPoints, lowPoints, mediumPoints, highPoints, criticalPoints,
                yaraDefaultPoints, modelFloorPoints, modelCeilingPoints, corroborationBonus, extraRuleBonus,
                maxExtraRuleBonus, lowThreshold, mediumThreshold, highThreshold, criticalThreshold, minSigmaLevel,
                suppressRuleHitsBelowModelScore, suppressUpTo, excerptMaxBytes, app, vendorProduct, percentile, modelTrustedBelowRate);
    }

    /** The classifier's site false-alarm share up to which it keeps its say without the novelty condition. */
    public FusionPolicy withModelTrustedBelowRate(double rate) {
        return new FusionPolicy(informationalPoints, lowPoints, mediumPoints, highPoints, criticalPoints,
                yaraDefaultPoints, modelFloorPoints, modelCeilingPoints, corroborationBonus, extraRuleBonus,
                maxExtraRuleBonus, lowThreshold, mediumThreshold, highThreshold, criticalThreshold, minSigmaLevel,
                suppressRuleHitsBelowModelScore, suppressUpTo, excerptMaxBytes, app, vendorProduct, modelMinNovelty,
                rate);
    }

    public FusionPolicy withMinSigmaLevel(Severity level) {
        return new FusionPolicy(informationalPoints, lowPoints, mediumPoints, highPoints, criticalPoints,
                yaraDefaultPoints, modelFloorPoints, modelCeilingPoints, corroborationBonus, extraRuleBonus,
                maxExtraRuleBonus, lowThreshold, mediumThreshold, highThreshold, criticalThreshold, level,
                suppressRuleHitsBelowModelScore, suppressUpTo, excerptMaxBytes, app, vendorProduct, modelMinNovelty, modelTrustedBelowRate);
    }

    /** Points of a Sigma level / CIM severity. */
    public int points(Severity s) {
        return switch (s) {
            case INFORMATIONAL -> informationalPoints;
            case LOW -> lowPoints;
            case MEDIUM -> mediumPoints;
            case HIGH -> highPoints;
            case CRITICAL -> criticalPoints;
        };
    }

    /** The severity band a risk score falls in. */
    public Severity band(int risk) {
        if (risk >= criticalThreshold) {
            return Severity.CRITICAL;
        }
        if (risk >= highThreshold) {
            return Severity.HIGH;
        }
        if (risk >= mediumThreshold) {
            return Severity.MEDIUM;
        }
        return risk >= lowThreshold ? Severity.LOW : Severity.INFORMATIONAL;
    }
}
