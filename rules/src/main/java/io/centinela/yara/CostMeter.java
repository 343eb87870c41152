package io.centinela.yara;

import io.centinela.yara.compile.ExternalVariable;
import io.centinela.yara.nativ.LibYara;
import io.centinela.yara.nativ.StructLayout;
import io.centinela.yara.policy.PolicyEventScanner;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finds the rules of one compiled set whose own cost on a probe buffer is above a bound, by group testing: the set
 * is scanned with only a subset of its rules enabled (yr_rule_disable on the others) and a subset above the bound
 * is halved until single rules remain. A set under the bound costs one scan per probe (plus the baseline), a
 * runaway rule about 2 x log2(rules) probe scans, each stopped by a millisecond timeout.
 *
 * <p>Cost = scan time with the subset enabled minus the scan with none enabled (libyara 4.2 still searches a
 * disabled rule's strings, so string search is shared; conditions are what a subset adds). A rule that is cheap
 * alone but slow through a rule it references, or a set that is slow only as a sum, is not pinned on a rule.
 *
 * <p>Toggles the DISABLED flag of rules that other scanners would read: only for a set no other thread scans
 * (before it is published). Runs on the calling thread; leaves every measured rule enabled again.
 */
final class CostMeter {

    /** One probe buffer; {@code eventType} is what the {@code event_type} external is set to for it. */
    record Probe(String name, byte[] data, String eventType) {
    }

    /** The rules above the bound, and the probes whose baseline alone (no rule enabled) was already too slow. */
    record Result(List<RuleCost> overBound, List<String> slowBaselines, int scans) {
    }

    private static final long MARGIN_NANOS = 5_000_000;

    private final CompiledRules rules;
    private final String group;
    private final long boundNanos;
    private final long scanTimeoutNanos;
    private final long[] pointers;
    private final boolean[] enabled;
    private final MatchReader reader;
    private int scans;

    private CostMeter(CompiledRules rules, String group, long boundNanos, long scanTimeoutNanos,
                      StructLayout layout) {
        this.rules = rules;
        this.group = group;
        this.boundNanos = boundNanos;
        this.scanTimeoutNanos = scanTimeoutNanos;
        this.pointers = rules.rulePointers();
        this.enabled = new boolean[pointers.length];
        this.reader = new MatchReader(layout, ScanLimits.DEFAULT);
        for (int i = 0; i < pointers.length; i++) {
            enabled[i] = (new com.sun.jna.Pointer(pointers[i]).getInt(StructLayout.RULE_FLAGS)
                    & StructLayout.RULE_FLAGS_DISABLED) == 0;
        }
    }

    /**
     * Measures the enabled rules of {@code rules} (rules already disabled, e.g. quarantined, stay disabled).
     *
     * @param scanTimeoutNanos the configured scan timeout: no probe scan runs longer, and a rule that reaches it
     *                         counts as above the bound whatever the bound (it would time out every such scan)
     */
    static Result measure(CompiledRules rules, String group, List<Probe> probes, long boundNanos,
                          long scanTimeoutNanos) {
        CostMeter m = new CostMeter(rules, group, boundNanos, scanTimeoutNanos, YaraLibrary.require().layout());
        return m.run(probes);
    }

    /** {@code namespace:identifier} of a YR_RULE* of {@code rules} (read once, cached with the rules). */
    private static String name(CompiledRules rules, long rule, MatchReader reader) {
        RuleInfo info = rules.ruleInfo(rule, reader::readRule);
        return info.namespace() + ":" + info.identifier();
    }

    /** Disables every rule of {@code rules} named in {@code names} ({@code namespace:identifier}); unshared sets only. */
    static int disable(CompiledRules rules, Set<String> names) {
        int n = 0;
        if (names.isEmpty()) {
            return 0;
        }
        MatchReader reader = new MatchReader(YaraLibrary.require().layout(), ScanLimits.DEFAULT);
        for (long p : rules.rulePointers()) {
            if (names.contains(name(rules, p, reader))) {
                LibYara.yr_rule_disable(p);
                n++;
            }
        }
        return n;
    }

    private Result run(List<Probe> probes) {
        List<Integer> measured = new ArrayList<>();
        for (int i = 0; i < pointers.length; i++) {
            if (enabled[i]) {
                measured.add(i);
            }
        }
        List<RuleCost> over = new ArrayList<>();
        List<String> slowBaselines = new ArrayList<>();
        if (measured.isEmpty() || probes.isEmpty()) {
            return new Result(over, slowBaselines, 0);
        }
        int maxLen = probes.stream().mapToInt(p -> p.data().length).max().orElse(1);
        try (YaraScanner scanner = new YaraScanner(RuleProvider.of(rules),
                ScanLimits.DEFAULT.withTimeoutSeconds(0).withMaxBytesPerField(Math.max(1, maxLen)))) {
            List<Probe> usable = new ArrayList<>();
            List<Long> baselines = new ArrayList<>();
            enableOnly(measured, List.of());
            for (Probe p : probes) {
                ScanOutcome base = scan(scanner, p, scanTimeoutNanos);
                // Half the timeout gone before any condition runs: what is left cannot be pinned on one rule.
                if (base.status() == ScanOutcome.Status.TIMEOUT || base.durationNanos() > scanTimeoutNanos / 2) {
                    slowBaselines.add(p.name());
                    continue;
                }
                usable.add(p);
                baselines.add(Math.min(base.durationNanos(), scan(scanner, p, scanTimeoutNanos).durationNanos()));
            }
            if (!usable.isEmpty()) {
                search(scanner, measured, measured, usable, baselines, over);
            }
        } finally {
            enableOnly(measured, measured);
        }
        return new Result(over, slowBaselines, scans);
    }

    /** Finds the rules of {@code subset} above the bound; {@code all} are the rules being measured. */
    private void search(YaraScanner scanner, List<Integer> all, List<Integer> subset, List<Probe> probes,
                        List<Long> baselines, List<RuleCost> over) {
        enableOnly(all, subset);
        for (int k = 0; k < probes.size(); k++) {
            Probe p = probes.get(k);
            long base = baselines.get(k);
            ScanOutcome o = scan(scanner, p, probeTimeout(base));
            long cost = o.durationNanos() - base;
            if (!over(o, cost)) {
                continue;
            }
            if (subset.size() > 1) {
                int half = subset.size() / 2;
                search(scanner, all, subset.subList(0, half), probes, baselines, over);
                search(scanner, all, subset.subList(half, subset.size()), probes, baselines, over);
                return;
            }
            // One rule: measure again so that a stall of this shared machine does not quarantine a good rule.
            ScanOutcome again = scan(scanner, p, probeTimeout(base));
            long cost2 = again.durationNanos() - base;
            if (!over(again, cost2)) {
                continue;
            }
            boolean stopped = o.status() == ScanOutcome.Status.TIMEOUT && again.status() == ScanOutcome.Status.TIMEOUT;
            over.add(new RuleCost(name(rules, pointers[subset.get(0)], reader), group, Math.min(cost, cost2), stopped,
                    p.name(), boundNanos));
            return;
        }
    }

    /** Twice the bound past the baseline is proof enough; never longer than the scan timeout. */
    private long probeTimeout(long base) {
        return Math.min(base + 2 * boundNanos + MARGIN_NANOS, scanTimeoutNanos);
    }

    /** Above the bound, or stopped by the probe timeout (which is at least the bound, or the scan timeout). */
    private boolean over(ScanOutcome o, long cost) {
        return cost > boundNanos || o.status() == ScanOutcome.Status.TIMEOUT;
    }

    private ScanOutcome scan(YaraScanner scanner, Probe p, long timeoutNanos) {
        scanner.setExternal(ExternalVariable.of(PolicyEventScanner.EVENT_TYPE, p.eventType()));
        scanner.timeoutNanos(timeoutNanos);
        scans++;
        return scanner.scan(p.name(), p.data());
    }

    /** Of the measured rules {@code all}, enables exactly {@code on}. */
    private void enableOnly(List<Integer> all, List<Integer> on) {
        java.util.BitSet want = new java.util.BitSet(pointers.length);
        on.forEach(want::set);
        for (int i : all) {
            boolean w = want.get(i);
            if (enabled[i] != w) {
                if (w) {
                    LibYara.yr_rule_enable(pointers[i]);
                } else {
                    LibYara.yr_rule_disable(pointers[i]);
                }
                enabled[i] = w;
            }
        }
    }
}
