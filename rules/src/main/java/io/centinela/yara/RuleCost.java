package io.centinela.yara;

import java.util.Locale;

/**
 * What one rule cost on a probe buffer, measured alone (every other rule of its set disabled) and less the scan of
 * the same buffer with no rule enabled (string search and modules are shared by the set, the condition is the
 * rule's own). A rule above the bound is quarantined: it stays compiled but disabled, so it never runs.
 *
 * @param rule      {@code namespace:identifier}
 * @param group     the rule group it belongs to ({@code text}, {@code content}, {@code pe}, ...)
 * @param costNanos measured cost; when {@code stopped}, the probe stopped it there and the real cost is higher
 * @param stopped   the probe's own timeout ended the scan (a runaway rule costs the probe only this much)
 * @param probe     which buffer: {@code event-text-4KiB}, {@code text-64KiB}, or the event it timed out on
 * @param boundNanos the configured bound it was measured against
 */
public record RuleCost(String rule, String group, long costNanos, boolean stopped, String probe, long boundNanos) {

    public double costMillis() {
        return costNanos / 1e6;
    }

    /** {@code ns:rule (text): 102.4 ms (stopped) on text-64KiB, bound 50 ms}. */
    public String describe() {
        return String.format(Locale.ROOT, "%s (%s): %s%.1f ms%s on %s, bound %d ms", rule, group, stopped ? ">= " : "",
                costMillis(), stopped ? " (stopped)" : "", probe, boundNanos / 1_000_000);
    }

    @Override
    public String toString() {
        return describe();
    }
}
