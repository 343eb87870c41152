package io.centinela.yara.policy;

import io.centinela.yara.ScanOutcome;
import io.centinela.yara.YaraMatch;

import java.util.List;

/** Everything one event's scan produced: the matches, and per scanned buffer how the scan ended. */
public record EventScanResult(List<YaraMatch> matches, List<FieldOutcome> outcomes) {

    public EventScanResult {
        matches = List.copyOf(matches);
        outcomes = List.copyOf(outcomes);
    }

    /** One buffer scanned with one rule group. */
    public record FieldOutcome(String field, RuleGroup group, ScanOutcome.Status status, String error,
                               long bytesScanned, boolean truncated, long durationNanos) {
    }

    /** Scans that timed out, hit a limit or failed. */
    public List<FieldOutcome> problems() {
        return outcomes.stream().filter(o -> o.status() != ScanOutcome.Status.OK || o.truncated()).toList();
    }
}
