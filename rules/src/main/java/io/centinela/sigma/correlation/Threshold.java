package io.centinela.sigma.correlation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A correlation condition: each operator present must hold (the specification's "AND in the mapping", e.g.
 * {@code gt: 100, lte: 200} is 101..200). Null operators are absent.
 */
record Threshold(Double gt, Double gte, Double lt, Double lte, Double eq, Double neq) {

    static Threshold of(Map<String, String> condition) {
        return new Threshold(num(condition, "gt"), num(condition, "gte"), num(condition, "lt"), num(condition, "lte"),
                num(condition, "eq"), num(condition, "neq"));
    }

    static Threshold atLeast(double n) {
        return new Threshold(null, n, null, null, null, null);
    }

    boolean isEmpty() {
        return gt == null && gte == null && lt == null && lte == null && eq == null && neq == null;
    }

    boolean test(double v) {
        return (gt == null || v > gt) && (gte == null || v >= gte) && (lt == null || v < lt)
                && (lte == null || v <= lte) && (eq == null || v == eq) && (neq == null || v != neq);
    }

    /**
     * True when only lower bounds are set: for a metric that only grows as hits arrive, the condition can be decided
     * the moment it holds; any upper bound needs the whole window.
     */
    boolean lowerBoundsOnly() {
        return lt == null && lte == null && eq == null && neq == null;
    }

    /** The largest count a lower bound needs (for the per-group cap check). */
    double minimumNeeded() {
        double m = 0;
        if (gt != null) m = Math.max(m, Math.floor(gt) + 1);
        if (gte != null) m = Math.max(m, Math.ceil(gte));
        if (eq != null) m = Math.max(m, eq);
        return m;
    }

    String text() {
        List<String> parts = new ArrayList<>();
        add(parts, "gt", gt);
        add(parts, "gte", gte);
        add(parts, "lt", lt);
        add(parts, "lte", lte);
        add(parts, "eq", eq);
        add(parts, "neq", neq);
        return String.join(" and ", parts);
    }

    private static void add(List<String> parts, String op, Double v) {
        if (v != null) {
            parts.add(op + " " + (v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf(v.longValue()) : String.valueOf(v)));
        }
    }

    private static Double num(Map<String, String> c, String key) {
        String s = c.get(key);
        return s == null ? null : Double.valueOf(s);
    }
}
