package io.centinela.cli;

import io.centinela.alert.Alert;
import io.centinela.alert.Severity;
import io.centinela.sigma.SigmaMatch;
import io.centinela.yara.YaraMatch;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a {@code scan} saw: events read, rejected (by reason, with the first few places) and failed in a stage,
 * alerts by severity, detections, hosts and users of the alerts, the events' own time range, speed. Printed once
 * at the end. Owned by the scan's one thread.
 */
final class ScanSummary {

    /** Rejections printed with their place; the rest are counted only (a broken file must not flood the terminal). */
    static final int EXAMPLES_PER_REASON = 5;
    static final int TOP = 10;

    long documents;
    long events;
    long scored;
    long alerts;
    long files;
    private final Map<String, Long> rejected = new TreeMap<>();
    private final Map<String, List<String>> examples = new TreeMap<>();
    private final Map<Severity, Long> severities = new EnumMap<>(Severity.class);
    private final Map<String, Long> detections = new HashMap<>();
    private final Map<String, Long> hosts = new HashMap<>();
    private final Map<String, Long> users = new HashMap<>();
    private long first = Long.MAX_VALUE;
    private long last = Long.MIN_VALUE;

    void rejected(String reason, String where, String message) {
        rejected.merge(reason, 1L, Long::sum);
        List<String> ex = examples.computeIfAbsent(reason, k -> new java.util.ArrayList<>());
        if (ex.size() < EXAMPLES_PER_REASON) {
            ex.add(where + ": " + message);
        }
    }

    long rejectedCount() {
        return rejected.values().stream().mapToLong(Long::longValue).sum();
    }

    Map<String, Long> rejectedByReason() {
        return Map.copyOf(rejected);
    }

    Map<Severity, Long> alertsBySeverity() {
        return Map.copyOf(severities);
    }

    /** An event's own time (epoch ms; negative = none found). */
    void eventTime(long millis) {
        if (millis > 0) {
            first = Math.min(first, millis);
            last = Math.max(last, millis);
        }
    }

    void alert(Alert a) {
        alerts++;
        severities.merge(a.severity(), 1L, Long::sum);
        for (SigmaMatch m : a.sigma()) {
            detections.merge("sigma  " + m.title(), 1L, Long::sum);
        }
        for (YaraMatch m : a.yara()) {
            detections.merge("yara   " + m.rule(), 1L, Long::sum);
        }
        if (a.model() != null && a.detectionSources().contains("model")) {
            detections.merge("model  " + a.model().name(), 1L, Long::sum);
        }
        hosts.merge(orDash(a.dest() != null ? a.dest() : a.dvc()), 1L, Long::sum);
        users.merge(orDash(a.user()), 1L, Long::sum);
    }

    void print(PrintWriter err, double seconds) {
        long bad = rejectedCount();
        err.printf(Locale.ROOT, "%nscan: %d files, %d events read, %d rejected, %d analysed (%d scored by the model)%n",
                files, documents, bad, events, scored);
        rejected.forEach((reason, n) -> {
            err.printf(Locale.ROOT, "  rejected %-16s %,d%n", reason, n);
            examples.get(reason).forEach(x -> err.println("    " + x));
            if (n > EXAMPLES_PER_REASON) {
                err.printf(Locale.ROOT, "    ... and %,d more%n", n - EXAMPLES_PER_REASON);
            }
        });
        err.printf(Locale.ROOT, "alerts: %,d", alerts);
        for (Severity s : Severity.values()) {
            err.printf(Locale.ROOT, "  %s %,d", s.cimName(), severities.getOrDefault(s, 0L));
        }
        err.println();
        table(err, "top detections", detections);
        table(err, "alerts per host", hosts);
        table(err, "alerts per user", users);
        if (first <= last) {
            err.printf(Locale.ROOT, "event time: %s .. %s%n", Instant.ofEpochMilli(first), Instant.ofEpochMilli(last));
        } else {
            err.println("event time: none of the events carries a time");
        }
        err.printf(Locale.ROOT, "speed: %,.0f events/s (%,d events in %.1f s, rules and model loading excluded)%n",
                seconds > 0 ? documents / seconds : 0.0, documents, seconds);
        err.flush();
    }

    private static void table(PrintWriter err, String title, Map<String, Long> counts) {
        if (counts.isEmpty()) {
            return;
        }
        err.println(title + (counts.size() > TOP ? " (top " + TOP + " of " + counts.size() + ")" : "") + ":");
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP)
                .forEach(e -> err.printf(Locale.ROOT, "  %,8d  %s%n", e.getValue(), e.getKey()));
    }

    private static String orDash(String s) {
        return s == null || s.isBlank() ? "-" : s;
    }
}
