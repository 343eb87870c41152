package io.centinela.yara.policy;

import io.centinela.yara.CompiledRules;

/**
 * What a {@link PolicyEventScanner} does when a scan times out: the engine counts and logs it, finds the rules that
 * are too slow on that input and installs the group without them. Called on the scanning thread.
 */
@FunctionalInterface
public interface ScanTimeoutHandler {

    /** Counts nothing, retries nothing. */
    ScanTimeoutHandler NONE = (generation, group, used, target, eventType, where) -> false;

    /**
     * @param used  the rules the timed-out scan ran with
     * @param where the event's coordinates ({@code EventOrigin.key()}) or the file scanned
     * @return true when {@code group}'s rules were replaced since (without the slow rules, or by a reload): scan again
     */
    boolean onTimeout(RuleGeneration generation, RuleGroup group, CompiledRules used, ScanTarget target,
                      String eventType, String where);
}
