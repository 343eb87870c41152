package io.centinela.sigma.conformance;

import io.centinela.event.Event;
import io.centinela.sigma.SigmaMatch;
import io.centinela.sigma.load.FileReport;
import io.centinela.sigma.load.LoadOptions;
import io.centinela.sigma.load.LoadResult;
import io.centinela.sigma.load.RuleLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Conformance against the SigmaHQ snapshot: load rate of the active rules, the 202 regression tests, and the
 * cross-fires of every rule over every regression event (written to target/sigma-crossfires.tsv).
 */
class SigmaHqConformanceTest {

    /**
     * Deliberate refusals: constructs the engine refuses on purpose. Any other rejection reason fails the test.
     */
    private static final List<String> DELIBERATE = List.of(
            "has no value; pass a placeholder file");

    private static LoadResult loaded;

    @BeforeAll
    static void load() throws IOException {
        loaded = new RuleLoader(LoadOptions.defaults()).load(SigmaHqData.activeDirs());
    }

    @Test
    void activeRulesLoadAndEveryRejectionIsDeliberate() throws IOException {
        int files = SigmaHqData.activeRuleFiles().size();
        assertEquals(3780, files, "active SigmaHQ rule files (rules, emerging-threats, threat-hunting, placeholder, compliance)");
        List<FileReport> rejected = loaded.rejected();
        long ok = loaded.loadedCount("rule");
        System.out.printf("SigmaHQ active rules: %d files, %d rules loaded, %d rejected (%.2f%% loaded)%n",
                files, ok, rejected.size(), 100.0 * ok / files);
        Map<String, Integer> byReason = new TreeMap<>();
        for (FileReport r : rejected) {
            System.out.println("  " + r.describe());
            byReason.merge(r.reason().replaceAll("%[^%]+%", "%x%"), 1, Integer::sum);
        }
        byReason.forEach((k, v) -> System.out.println("  reason x" + v + ": " + k));
        assertTrue(ok >= Math.ceil(files * 0.99), "at least 99% of active rules must load, got " + ok + " of " + files);
        for (FileReport r : rejected) {
            assertTrue(DELIBERATE.stream().anyMatch(r.reason()::contains), "unexpected rejection: " + r.describe());
        }
    }

    @Test
    void regressionTestsMatchAtLeastTheirMatchCount() throws Exception {
        List<SigmaHqData.RegressionTest> tests = SigmaHqData.regressionTests();
        assertEquals(202, tests.size(), "SigmaHQ regression tests");
        List<String> failures = new ArrayList<>();
        int events = 0;
        for (SigmaHqData.RegressionTest t : tests) {
            List<Event> evs = SigmaHqData.readEvents(t.events());
            events += evs.size();
            long matches = evs.stream().filter(e -> loaded.ruleSet().evaluate(e).stream()
                    .anyMatch(m -> m.id().equals(t.ruleId()))).count();
            if (matches < t.matchCount()) {
                failures.add(t.ruleFile().getFileName() + " (" + t.ruleId() + "): " + matches + " of " + t.matchCount()
                        + " expected matches over " + evs.size() + " events");
            }
        }
        System.out.println("regression: " + (tests.size() - failures.size()) + "/" + tests.size() + " pass over " + events + " events");
        failures.forEach(f -> System.out.println("  FAIL " + f));
        assertEquals(238, events, "regression events");
        if (!failures.isEmpty()) {
            fail(failures.size() + " regression tests fail:\n" + String.join("\n", failures));
        }
    }

    @Test
    void manyThreadsGetTheSameMatchesAsOne() throws Exception {
        List<Event> events = new ArrayList<>();
        for (SigmaHqData.RegressionTest t : SigmaHqData.regressionTests()) {
            events.addAll(SigmaHqData.readEvents(t.events()));
        }
        List<List<SigmaMatch>> expected = events.stream().map(loaded.ruleSet()::evaluate).toList();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Boolean>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                final int offset = t;
                futures.add(pool.submit(() -> {
                    for (int round = 0; round < 5; round++) {
                        for (int i = 0; i < events.size(); i++) {
                            int k = (i + offset * 37) % events.size();
                            if (!loaded.ruleSet().evaluate(events.get(k)).equals(expected.get(k))) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
            }
            for (var f : futures) {
                assertTrue(f.get(), "a thread saw different matches");
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(expected.stream().mapToInt(List::size).sum() >= 202);
    }

    @Test
    void crossFiresAreReported() throws Exception {
        List<SigmaHqData.RegressionTest> tests = SigmaHqData.regressionTests();
        Map<Path, String> owner = new LinkedHashMap<>();
        tests.forEach(t -> owner.putIfAbsent(t.events(), t.ruleId()));
        List<String> lines = new ArrayList<>();
        lines.add("event_file\tevent_no\towner_rule\tfired_rule_id\tfired_title\tlevel\tselections\tfields");
        int crossFires = 0;
        for (var e : owner.entrySet()) {
            List<Event> evs = SigmaHqData.readEvents(e.getKey());
            for (int i = 0; i < evs.size(); i++) {
                for (SigmaMatch m : loaded.ruleSet().evaluate(evs.get(i))) {
                    if (!m.id().equals(e.getValue())) {
                        crossFires++;
                        lines.add(SigmaHqData.root().relativize(e.getKey()) + "\t" + (i + 1) + "\t" + e.getValue() + "\t"
                                + m.id() + "\t" + m.title() + "\t" + m.level() + "\t" + m.matchedSelections() + "\t"
                                + m.matchedFields().toString().replace('\t', ' ').replace('\n', ' '));
                    }
                }
            }
        }
        Path out = Path.of("target", "sigma-crossfires.tsv");
        Files.createDirectories(out.getParent());
        Files.write(out, lines);
        System.out.println("cross-fires: " + crossFires + " (written to " + out.toAbsolutePath() + ")");
        assertTrue(Files.size(out) > 0);
    }
}
