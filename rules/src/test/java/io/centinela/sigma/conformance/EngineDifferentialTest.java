package io.centinela.sigma.conformance;

import io.centinela.event.Event;
import io.centinela.event.EventFileReader;
import io.centinela.event.EventFormat;
import io.centinela.event.EventParser;
import io.centinela.event.EventRejectedException;
import io.centinela.sigma.SigmaMatch;
import io.centinela.sigma.eval.CompiledRuleSet;
import io.centinela.sigma.eval.EngineVersion;
import io.centinela.sigma.load.LoadOptions;
import io.centinela.sigma.load.RuleLoader;
import io.centinela.testkit.SharedData;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The current engine against the reference one ({@link EngineVersion#REFERENCE}, the evaluation before the
 * speed work) over every event of the shared Windows logs with all active SigmaHQ rules: the same matches for
 * every event, down to the matched selections and values. Takes about a minute (235,502 events, two engines).
 */
class EngineDifferentialTest {

    @Test
    void currentEngineMatchesReferenceOnAllSharedWindowsEvents() throws Exception {
        List<Path> dirs = SigmaHqData.activeDirs();
        CompiledRuleSet reference = new RuleLoader(LoadOptions.defaults().withEngine(EngineVersion.REFERENCE))
                .load(dirs).ruleSet();
        CompiledRuleSet current = new RuleLoader(LoadOptions.defaults()).load(dirs).ruleSet();
        assertEquals(reference.ruleCount(), current.ruleCount());

        List<Path> zips;
        try (Stream<Path> s = Files.walk(SharedData.path("windows-logs"))) {
            zips = s.filter(p -> p.toString().endsWith(".zip")).sorted().toList();
        }
        EventParser parser = new EventParser();
        long events = 0, pairs = 0;
        List<String> differences = new ArrayList<>();
        for (Path zip : zips) {
            try (EventFileReader r = EventFileReader.open(zip)) {
                while (r.hasNext()) {
                    EventFileReader.Document d = r.next();
                    Event e;
                    try {
                        e = d.parse(parser, EventFormat.AUTO);
                    } catch (EventRejectedException bad) {
                        continue; // a few broken lines on purpose (SOURCE.md)
                    }
                    events++;
                    List<SigmaMatch> want = reference.evaluate(e);
                    List<SigmaMatch> got = current.evaluate(e);
                    pairs += want.size();
                    if (!want.equals(got) && differences.size() < 20) {
                        differences.add(d.origin() + ": reference " + ids(want) + ", current " + ids(got)
                                + (ids(want).equals(ids(got)) ? " (same rules, different explanation)" : ""));
                    }
                }
            }
        }
        System.out.printf("differential: %d events, %d (event, rule) pairs from %d archives%n", events, pairs, zips.size());
        assertEquals(List.of(), differences);
        assertEquals(77, zips.size());
        assertTrue(events > 235_000, "events read: " + events);
        assertTrue(pairs > 2_500, "the corpus should fire thousands of rules, got " + pairs);
    }

    private static List<String> ids(List<SigmaMatch> ms) {
        return ms.stream().map(SigmaMatch::id).toList();
    }
}
