package io.centinela.sigma.correlation;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.centinela.event.Event;
import io.centinela.event.EventFormat;
import io.centinela.event.EventKind;
import io.centinela.event.EventOrigin;
import io.centinela.event.EventTime;
import io.centinela.sigma.SigmaMatch;
import io.centinela.sigma.load.FileReport;
import io.centinela.sigma.load.LoadOptions;
import io.centinela.sigma.load.LoadResult;
import io.centinela.sigma.load.RuleLoader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rules from test resources or text, events at given times, and a run of the engine over them. */
final class CorrelationFixture {

    static final long T0 = Instant.parse("2024-03-01T10:00:00Z").toEpochMilli();
    static final long SEC = 1000, MIN = 60 * SEC;

    private CorrelationFixture() {
    }

    static String resource(String name) {
        try (InputStream in = CorrelationFixture.class.getResourceAsStream("/correlation/" + name)) {
            if (in == null) throw new IllegalArgumentException("no test resource correlation/" + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads texts (resource names ending in .yml, or YAML text), asserting every document loads. */
    static LoadResult load(String... namesOrTexts) {
        Map<Path, String> files = new LinkedHashMap<>();
        for (int i = 0; i < namesOrTexts.length; i++) {
            String s = namesOrTexts[i];
            boolean res = s.endsWith(".yml") && !s.contains("\n");
            files.put(Path.of(res ? s : "inline" + i + ".yml"), res ? resource(s) : s);
        }
        LoadResult r = new RuleLoader(LoadOptions.defaults()).loadTexts(files, List.of());
        assertTrue(r.rejected().isEmpty(), () -> r.rejected().stream().map(FileReport::describe).toList().toString());
        return r;
    }

    static CorrelationEngine engine(LoadResult r, CorrelationOptions o) {
        CorrelationEngine e = CorrelationEngine.build(r, o);
        assertTrue(e.problems().isEmpty(), () -> e.problems().stream().map(FileReport::describe).toList().toString());
        return e;
    }

    private static int lines;

    /** An event at {@code T0 + offsetMs} with fields (name, value, ...); its ref is {@code file:events:<n>}. */
    static Event ev(long offsetMs, Object... kv) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("@timestamp", Instant.ofEpochMilli(T0 + offsetMs).toString());
        for (int i = 0; i < kv.length; i += 2) {
            f.put((String) kv[i], String.valueOf(kv[i + 1]));
        }
        synchronized (CorrelationFixture.class) {
            lines++;
        }
        return new Event(JsonNodeFactory.instance.objectNode(), new EventOrigin.File("events", lines),
                EventFormat.GENERIC, EventKind.WINDOWS, f, 0);
    }

    static Event failed(long offsetMs, String user) {
        return ev(offsetMs, "EventID", 4625, "Channel", "Security", "User", user, "ComputerName", "DC1");
    }

    static Event success(long offsetMs, String user) {
        return ev(offsetMs, "EventID", 4624, "Channel", "Security", "User", user, "ComputerName", "DC1");
    }

    /** The outcome of a run: every correlation match (in order), base matches shown on their own, counters. */
    record Run(List<CorrelationMatch> matches, List<SigmaMatch> standalone, CorrelationCounters counters) {

        List<CorrelationMatch> of(String ruleId) {
            return matches.stream().filter(m -> m.ruleId().equals(ruleId)).toList();
        }
    }

    /** Feeds the events in the given order (no reordering) to a session, then finishes it. */
    static Run run(LoadResult r, CorrelationOptions o, List<Event> events) {
        CorrelationEngine engine = engine(r, o);
        CorrelationSession s = new CorrelationSession(engine);
        List<CorrelationMatch> out = new ArrayList<>();
        List<SigmaMatch> standalone = new ArrayList<>();
        for (Event e : events) {
            List<SigmaMatch> ms = r.ruleSet().evaluate(e);
            ms.stream().filter(engine::standalone).forEach(standalone::add);
            out.addAll(s.accept(e, ms, e.origin().key(), EventTime.millis(e).orElseThrow()));
        }
        out.addAll(s.finish());
        return new Run(out, standalone, s.counters());
    }

    static Run run(LoadResult r, List<Event> events) {
        return run(r, CorrelationOptions.defaults(), events);
    }

    /** A one-document correlation over {@code failed_login} grouped by User, with the given type/condition lines. */
    static String overFailed(String id, String type, String timespan, String conditionYaml) {
        return "title: Test " + type + "\nid: " + id + "\nlevel: medium\ncorrelation:\n    type: " + type
                + "\n    rules:\n        - failed_login\n    group-by:\n        - User\n    timespan: " + timespan
                + (conditionYaml == null ? "" : "\n    condition:\n" + conditionYaml) + "\n";
    }
}
