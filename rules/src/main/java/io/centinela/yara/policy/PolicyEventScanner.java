package io.centinela.yara.policy;

import io.centinela.event.Event;
import io.centinela.yara.EventScanner;
import io.centinela.yara.ScanLimits;
import io.centinela.yara.ScanOutcome;
import io.centinela.yara.YaraMatch;
import io.centinela.yara.YaraScanner;
import io.centinela.yara.compile.ExternalVariable;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The per-thread {@link EventScanner}: picks the event's fields with the {@link ScanPolicy}, scans text with the
 * import-free rules and decoded file content also with the module groups its magic bytes allow. Holds one native
 * scanner per rule group, created on first use; close it when the worker thread ends.
 *
 * <p>Sets the external variable {@code event_type} (when the rules declare it) to {@code file} for content and to
 * the event kind ({@code windows}, {@code email}, ...) for text.
 */
public final class PolicyEventScanner implements EventScanner {

    public static final String EVENT_TYPE = "event_type";

    /** Scans of one buffer with one group at most: the first and two retries after timeouts. */
    static final int MAX_ATTEMPTS = 3;

    private final Supplier<RuleGeneration> rules;
    private final ScanPolicy policy;
    private final ScanLimits limits;
    private final ScanTimeoutHandler onTimeout;
    private final Map<RuleGroup, YaraScanner> scanners = new EnumMap<>(RuleGroup.class);

    public PolicyEventScanner(Supplier<RuleGeneration> rules, ScanPolicy policy, ScanLimits limits) {
        this(rules, policy, limits, ScanTimeoutHandler.NONE);
    }

    /** @param onTimeout told of every timed-out scan; when it answers true the buffer is scanned again */
    public PolicyEventScanner(Supplier<RuleGeneration> rules, ScanPolicy policy, ScanLimits limits,
                              ScanTimeoutHandler onTimeout) {
        this.rules = rules;
        this.policy = policy;
        this.limits = limits;
        this.onTimeout = onTimeout;
    }

    @Override
    public List<YaraMatch> scan(Event event) {
        return scanDetailed(event).matches();
    }

    public EventScanResult scanDetailed(Event event) {
        List<YaraMatch> matches = new ArrayList<>();
        List<EventScanResult.FieldOutcome> outcomes = new ArrayList<>();
        String kind = event.kind().name().toLowerCase(Locale.ROOT);
        String where = event.origin().key();
        for (ScanTarget target : policy.targets(event)) {
            scanTarget(target, target.isContent() ? "file" : kind, where, matches, outcomes);
        }
        return new EventScanResult(matches, outcomes);
    }

    /** Scans one buffer with the groups its type and magic bytes allow. */
    public void scanTarget(ScanTarget target, String eventType, List<YaraMatch> matches,
                           List<EventScanResult.FieldOutcome> outcomes) {
        scanTarget(target, eventType, target.field(), matches, outcomes);
    }

    /** As above; {@code where} names the event (or file) in timeout reports. */
    public void scanTarget(ScanTarget target, String eventType, String where, List<YaraMatch> matches,
                           List<EventScanResult.FieldOutcome> outcomes) {
        scanGroup(RuleGroup.TEXT, target, eventType, where, matches, outcomes);
        if (target.isContent()) {
            scanGroup(RuleGroup.CONTENT, target, eventType, where, matches, outcomes);
            RuleGroup magic = RuleGroup.magicOf(target.data());
            if (magic != null) {
                scanGroup(magic, target, eventType, where, matches, outcomes);
            }
        }
    }

    private void scanGroup(RuleGroup group, ScanTarget target, String eventType, String where,
                           List<YaraMatch> matches, List<EventScanResult.FieldOutcome> outcomes) {
        for (int attempt = 1; ; attempt++) {
            YaraScanner scanner = scanner(group);
            if (scanner == null) {
                return;
            }
            scanner.setExternal(ExternalVariable.of(EVENT_TYPE, eventType));
            ScanOutcome o = scanner.scan(target.field(), target.data());
            outcomes.add(new EventScanResult.FieldOutcome(target.field(), group, o.status(), o.error(),
                    o.bytesScanned(), o.truncated(), o.durationNanos()));
            // A timed-out scan reports no match at all (libyara calls back only after every condition ran): ask the
            // engine to take the slow rules out and scan again, so that the other rules still match this event.
            if (o.status() != ScanOutcome.Status.TIMEOUT || attempt == MAX_ATTEMPTS
                    || !onTimeout.onTimeout(rules.get(), group, scanner.rules(), target, eventType, where)) {
                matches.addAll(o.matches());
                return;
            }
        }
    }

    private YaraScanner scanner(RuleGroup group) {
        // Every generation has every group (maybe empty): skip empty ones without a native call.
        if (rules.get().group(group).ruleCount() == 0) {
            YaraScanner stale = scanners.remove(group);
            if (stale != null) {
                stale.close(); // the group emptied on reload: let its old rules go
            }
            return null;
        }
        YaraScanner s = scanners.get(group);
        if (s == null) {
            s = new YaraScanner(() -> rules.get().group(group), limits);
            scanners.put(group, s);
        }
        return s;
    }

    @Override
    public void close() {
        scanners.values().forEach(YaraScanner::close);
        scanners.clear();
    }
}
