package io.centinela.risk;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.centinela.event.Event;
import io.centinela.event.EventFormat;
import io.centinela.event.EventKind;
import io.centinela.event.EventOrigin;
import io.centinela.sigma.correlation.CorrelationEngine;
import io.centinela.sigma.correlation.CorrelationMatch;
import io.centinela.sigma.correlation.CorrelationScan;
import io.centinela.sigma.correlation.Hit;
import io.centinela.sigma.correlation.StandaloneMatches;
import io.centinela.sigma.load.BundledSigmaRules;
import io.centinela.sigma.load.LoadOptions;
import io.centinela.sigma.load.LoadResult;
import io.centinela.sigma.load.RuleLoader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The correlation tests' events and rules: the project's own logon correlations (password spraying, brute force,
 * brute force followed by a success: a chain) as bundled, Security 4625/4624 events with Kafka origins, and the
 * offline {@code sigma scan} loop ({@link CorrelationScan}) as the reference the topology must agree with.
 */
final class CorrelationEvents {

    static final long T0 = Instant.parse("2026-11-02T09:00:00Z").toEpochMilli();
    static final long SEC = 1000;
    static final long MIN = 60 * SEC;
    static final Duration GRACE = Duration.ofMinutes(10);

    private CorrelationEvents() {
    }

    /** The bundled logon correlations and their base rules, with the tests' grace. */
    /** Every base rule ({@code all}, as {@code sigma scan} evaluates) and the service's view of them. */
    record Rules(io.centinela.sigma.SigmaEvaluator all, StandaloneMatches standalone) {
    }

    static Rules logonRules() {
        Path file = BundledSigmaRules.folder().orElseThrow().resolve("windows/correlation/win_corr_logon_failures.yml");
        try {
            LoadResult r = new RuleLoader(LoadOptions.defaults()).load(List.of(file));
            if (!r.rejected().isEmpty() || r.correlations().size() != 3) {
                throw new IllegalStateException("logon rules did not load: " + r.rejected());
            }
            CorrelationEngine e = CorrelationEngine.build(r, io.centinela.sigma.correlation.CorrelationOptions.defaults()
                    .withGrace(GRACE));
            return new Rules(r.ruleSet(), new StandaloneMatches(r.ruleSet(), e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Security logon event (4625 failed, 4624 success), network logon, read from {@code topic/0/offset}. */
    static Event logon(String topic, long offset, long offsetMs, int eventId, String user, String ip) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("@timestamp", Instant.ofEpochMilli(T0 + offsetMs).toString());
        f.put("EventID", String.valueOf(eventId));
        f.put("Channel", "Security");
        f.put("Computer", "DC1.corp.example");
        f.put("LogonType", "3");
        f.put("TargetUserName", user);
        f.put("IpAddress", ip);
        return new Event(JsonNodeFactory.instance.objectNode(), new EventOrigin.Kafka(topic, 0, offset, T0 + offsetMs),
                EventFormat.GENERIC, EventKind.WINDOWS, f, 0);
    }

    /** The detection the service publishes for an event its correlation rules count (null when they count none). */
    static Detection detection(Rules rules, Event e) {
        List<Hit> hits = rules.standalone().evaluateForCorrelation(e).hits();
        return hits.isEmpty() ? null : Detection.ofHits(e.origin(), "generic", "windows", hits);
    }

    static List<Detection> detections(Rules rules, List<Event> events) {
        List<Detection> out = new ArrayList<>();
        for (Event e : events) {
            Detection d = detection(rules, e);
            if (d != null) out.add(d);
        }
        return out;
    }

    /** A detection that only moves event time on (no hits: no key, a watermark). */
    static Detection tick(long offsetMs) {
        return new Detection("tick-" + offsetMs, T0 + offsetMs, null, List.of(), List.of(), null, null, List.of(),
                List.of(), null, null, null, Map.of(), false, null, null, null, null, null);
    }

    /** Ids of the analyst-facing matches {@code sigma scan}'s loop gives for these events, sorted. */
    static List<String> offlineIds(Rules rules, List<Event> events) {
        CorrelationScan scan = new CorrelationScan(rules.standalone().correlations());
        List<CorrelationMatch> ms = new ArrayList<>();
        for (Event e : events) {
            ms.addAll(scan.accept(e, rules.all().evaluate(e)));
        }
        ms.addAll(scan.finish());
        return ms.stream().filter(CorrelationMatch::analystFacing).map(CorrelationMatch::id).sorted().toList();
    }
}
