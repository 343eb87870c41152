package io.centinela.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.centinela.event.Event;
import io.centinela.event.EventFileReader;
import io.centinela.event.EventFormat;
import io.centinela.event.EventParser;
import io.centinela.event.EventRejectedException;
import io.centinela.sigma.SigmaMatch;
import io.centinela.sigma.correlation.CorrelationEngine;
import io.centinela.sigma.correlation.CorrelationMatch;
import io.centinela.sigma.correlation.CorrelationOptions;
import io.centinela.sigma.correlation.CorrelationScan;
import io.centinela.sigma.load.LoadResult;
import io.centinela.sigma.load.RuleLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code centinela sigma scan --rules <dir> <events file>}: every match as one JSON line on stdout, then a
 * summary table (rules by hits) on stderr. Events: JSON lines or concatenated JSON objects (also .gz / .zip),
 * read with the foundation's {@link EventFileReader}. Correlation rules are evaluated in event time by
 * {@link CorrelationScan} (lines with {@code correlation_id}); base matches of rules that only feed correlations
 * with {@code generate: false} are not printed on their own.
 */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = "Run Sigma rules over an events file (JSON lines or concatenated JSON); matches as JSON lines.")
public final class SigmaScanCommand implements Callable<Integer> {

    @Option(names = "--rules", required = true, paramLabel = "PATH", description = "Rule files or folders (repeatable).")
    List<Path> rules;

    @Parameters(index = "0", paramLabel = "EVENTS", description = "Events file.")
    Path events;

    @Mixin
    SigmaLoadOptions load = new SigmaLoadOptions();

    @Option(names = "--correlation-grace", defaultValue = "300", paramLabel = "SECONDS",
            description = "How far out of event-time order a file may be for correlation rules (default: ${DEFAULT-VALUE}).")
    long graceSeconds;

    @Override
    public Integer call() throws Exception {
        Inputs.requireExisting("rule file or folder", rules);
        Inputs.requireExisting("events file", events);
        PrintStream err = System.err;
        LoadResult r = new RuleLoader(load.toOptions()).load(rules);
        err.printf("rules: %d loaded, %d rejected (run 'centinela sigma check' for reasons)%n",
                r.ruleSet().ruleCount(), r.rejected().size());
        ObjectMapper json = new ObjectMapper();
        CorrelationEngine correlations = CorrelationEngine.build(r,
                CorrelationOptions.defaults().withGrace(Duration.ofSeconds(Math.max(0, graceSeconds))));
        correlations.problems().forEach(p -> err.println(p.describe()));
        CorrelationScan corr = new CorrelationScan(correlations);
        Map<String, long[]> corrHits = new LinkedHashMap<>();
        EventParser parser = new EventParser();
        Map<String, long[]> hits = new LinkedHashMap<>();
        Map<String, String> levels = new LinkedHashMap<>();
        long n = 0, bad = 0, matched = 0;
        try (EventFileReader docs = EventFileReader.open(events, EventFileReader.Layout.AUTO, EventParser.DEFAULT_MAX_BYTES)) {
            while (docs.hasNext()) {
                EventFileReader.Document doc = docs.next();
                n++;
                Event e;
                try {
                    e = doc.parse(parser, EventFormat.AUTO);
                } catch (EventRejectedException ex) {
                    bad++;
                    err.printf("%s: event rejected (%s): %s%n", doc.where(), ex.reason(), ex.getMessage());
                    continue;
                }
                List<SigmaMatch> ms = r.ruleSet().evaluate(e);
                if (!ms.isEmpty()) {
                    matched++;
                }
                for (CorrelationMatch cm : corr.accept(e, ms)) {
                    printCorrelation(cm, json, corrHits);
                }
                for (SigmaMatch m : ms) {
                    if (!corr.standalone(m)) {
                        continue;
                    }
                    ObjectNode o = json.createObjectNode();
                    o.put("event", e.origin().key());
                    o.put("rule_id", m.id());
                    o.put("title", m.title());
                    o.put("level", m.level());
                    o.put("status", m.status());
                    o.put("author", m.author());
                    o.set("tags", json.valueToTree(m.tags()));
                    o.set("attack_techniques", json.valueToTree(m.attackTechniques()));
                    o.set("attack_tactics", json.valueToTree(m.attackTactics()));
                    o.set("references", json.valueToTree(m.references()));
                    o.set("matched_selections", json.valueToTree(m.matchedSelections()));
                    o.set("matched_fields", json.valueToTree(m.matchedFields()));
                    System.out.println(json.writeValueAsString(o));
                    hits.computeIfAbsent(m.title(), k -> new long[1])[0]++;
                    levels.put(m.title(), m.level());
                }
            }
        }
        for (CorrelationMatch cm : corr.finish()) {
            printCorrelation(cm, json, corrHits);
        }
        System.out.flush();
        err.printf("%nevents: %d read, %d rejected, %d with matches%n%n", n, bad, matched);
        if (correlations.correlationCount() > 0) {
            err.printf("correlations: %d evaluated, %s; %d hits without an event time%n", correlations.correlationCount(),
                    corr.counters(), corr.hitsWithoutTime());
            corrHits.forEach((t, c) -> err.printf("%-8d %-9s %s%n", c[0], "corr", t));
            err.println();
        }
        err.printf("%-8s %-9s %s%n", "hits", "level", "rule");
        hits.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
                .forEach(h -> err.printf("%-8d %-9s %s%n", h.getValue()[0], levels.get(h.getKey()), h.getKey()));
        return 0;
    }

    private static void printCorrelation(CorrelationMatch cm, ObjectMapper json, Map<String, long[]> hits) throws Exception {
        if (!cm.analystFacing()) {
            return; // only feeds a correlation that references it (generate: false)
        }
        System.out.println(json.writeValueAsString(CorrelationScan.toJson(cm, json)));
        hits.computeIfAbsent(cm.title(), k -> new long[1])[0]++;
    }
}
