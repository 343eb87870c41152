package io.centinela.yara;

import io.centinela.yara.compile.CompileDiagnostic;
import io.centinela.yara.compile.RuleFiles;
import io.centinela.yara.compile.RuleSetCompiler;
import io.centinela.yara.policy.RuleGeneration;
import io.centinela.yara.policy.EventScanResult;
import io.centinela.yara.policy.PolicyEventScanner;
import io.centinela.yara.policy.RuleGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 item 4: one slow rule must not blind every YARA rule. Real libyara; scan timeout 1 s, cost bound 50 ms.
 */
class YaraRuleCostTest {

    /** Never true, so both loops run to the end: filesize^2 iterations (16 M on the 4 KiB probe). */
    static final String LOOPING = """
            rule Looping_Nested_Filesize
            {
              strings:
                $a = "a"
              condition:
                $a and for any i in (0..filesize) : ( for any j in (0..filesize) : ( i + j == -1 ) )
            }
            """;
    /** Cheap on everything but a buffer carrying the marker: then the same loops (timeout on a 20 KB field). */
    static final String SLOW_ON_MARKER = """
            rule Slow_On_Marker
            {
              strings:
                $m = "TRIGGER_SLOW_PATH"
              condition:
                $m and for any i in (0..filesize) : ( for any j in (0..filesize) : ( i + j == -1 ) )
            }
            """;
    static final String GOOD = """
            rule Good_Mimikatz
            {
              strings:
                $g = "sekurlsa::logonpasswords"
              condition:
                $g
            }
            """;

    private static YaraConfig config(Path dir) {
        return YaraConfig.defaults(List.of(dir)).withBundledRules(false)
                .withLimits(ScanLimits.DEFAULT.withTimeoutSeconds(1)).withRuleCostMaxMillis(50);
    }

    private static String event(String commandLine) {
        return "{\"CommandLine\":" + Events.quote(commandLine) + "}";
    }

    @Test
    void loopingRuleIsQuarantinedAtLoadByNameAndCostAndTheGoodRuleStillMatches(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mixed.yar");
        Files.writeString(file, LOOPING + GOOD);
        try (YaraEngine engine = YaraEngine.start(config(dir)); PolicyEventScanner scanner = engine.newScanner()) {
            var gen = engine.rules();
            assertEquals(1, gen.quarantined().size(), gen.quarantined() + " " + gen.diagnostics());
            RuleCost bad = gen.quarantined().get(0);
            assertEquals("dir/mixed:Looping_Nested_Filesize".replace("dir", dir.getFileName().toString()), bad.rule());
            assertTrue(bad.costNanos() > 50_000_000L, bad.describe());
            assertTrue(bad.describe().contains("Looping_Nested_Filesize") && bad.describe().contains("bound 50 ms"),
                    bad.describe());
            assertEquals(1, gen.ruleCount(), "the looping rule is not counted as in use");

            // The compiler's warnings are kept with file, line and rule.
            List<CompileDiagnostic> warnings = gen.warnings();
            assertFalse(warnings.isEmpty(), "the one-byte string draws a libyara warning");
            CompileDiagnostic w = warnings.get(0);
            assertEquals(file.toString(), w.file());
            assertEquals("Looping_Nested_Filesize", w.rule());
            assertTrue(w.line() > 0 && w.toString().contains("slow"), w.toString());

            // The event: a 20 KB command line; before the fix every scan timed out and nothing matched.
            String padding = "x".repeat(20_000);
            EventScanResult r = scanner.scanDetailed(Events.parse(event(padding + " sekurlsa::logonpasswords")));
            assertEquals(List.of("Good_Mimikatz"), r.matches().stream().map(YaraMatch::rule).toList());
            assertTrue(r.problems().isEmpty(), r.problems().toString());
            assertEquals(0, engine.scanTimeouts());
        }
        // Control, the behaviour before the fix: the same rules compiled as the engine did then (no cost check) and
        // nobody told of timeouts: the event times out and the good rule's match is lost.
        YaraConfig c = config(dir);
        RuleSetCompiler compiler = new RuleSetCompiler(c.externals(), false);
        Map<RuleGroup, CompiledRules> groups = new EnumMap<>(RuleGroup.class);
        for (RuleGroup g : RuleGroup.values()) {
            groups.put(g, compiler.compile(g.name(), g == RuleGroup.TEXT
                    ? RuleFiles.load(dir, RuleFiles.NamespaceMode.PER_FILE) : List.of()).rules());
        }
        try (RuleGeneration old = new RuleGeneration(groups, List.of(), List.of(), 1);
             PolicyEventScanner blind = new PolicyEventScanner(() -> old, c.policy(), c.limits())) {
            EventScanResult lost = blind.scanDetailed(Events.parse(event("x".repeat(20_000) + " sekurlsa::logonpasswords")));
            assertEquals(List.of(), lost.matches());
            assertEquals(ScanOutcome.Status.TIMEOUT, lost.outcomes().get(0).status());
        }
    }

    @Test
    void aRuleThatReachesTheScanTimeoutIsQuarantinedWhateverTheBound(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("mixed.yar"), LOOPING + GOOD);
        try (YaraEngine engine = YaraEngine.start(config(dir).withRuleCostMaxMillis(60_000))) {
            List<RuleCost> q = engine.rules().quarantined();
            assertEquals(1, q.size(), q.toString());
            assertTrue(q.get(0).rule().endsWith(":Looping_Nested_Filesize") && q.get(0).stopped(), q.toString());
            assertTrue(q.get(0).costNanos() < 1_500_000_000L, "probe scans never run past the 1 s scan timeout: " + q);
        }
    }

    @Test
    void ruleSlowOnlyOnOneInputTimesOutAndTheEventIsRescannedWithoutIt(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("mixed.yar"), SLOW_ON_MARKER + GOOD);
        try (YaraEngine engine = YaraEngine.start(config(dir)); PolicyEventScanner scanner = engine.newScanner()) {
            assertEquals(List.of(), engine.rules().quarantined(), "cheap on the load probes");
            CompiledRules before = engine.rules().group(RuleGroup.TEXT);

            // 20 KB: 400 M loop iterations, far over the 1 s timeout.
            String slow = "TRIGGER_SLOW_PATH " + "y".repeat(20_000) + " sekurlsa::logonpasswords";
            // Control, the behaviour before the fix: a scanner nobody tells of timeouts loses every match.
            try (PolicyEventScanner blind = new PolicyEventScanner(engine::rules, engine.config().policy(),
                    engine.config().limits())) {
                EventScanResult lost = blind.scanDetailed(Events.parse(event(slow)));
                assertEquals(List.of(), lost.matches());
                assertEquals(ScanOutcome.Status.TIMEOUT, lost.outcomes().get(0).status());
            }
            EventScanResult r = scanner.scanDetailed(Events.parse(event(slow)));
            assertEquals(List.of("Good_Mimikatz"), r.matches().stream().map(YaraMatch::rule).toList(),
                    "the good rule's match survives the timeout: " + r.outcomes());
            assertEquals(List.of(ScanOutcome.Status.TIMEOUT, ScanOutcome.Status.OK),
                    r.outcomes().stream().map(EventScanResult.FieldOutcome::status).toList());
            assertEquals(1, engine.scanTimeouts());
            assertEquals(1, engine.scanRetries());
            List<RuleCost> q = engine.rules().quarantined();
            assertEquals(1, q.size(), q.toString());
            assertTrue(q.get(0).rule().endsWith(":Slow_On_Marker"), q.toString());
            assertTrue(q.get(0).probe().contains("file:test:1") && q.get(0).probe().contains("CommandLine"),
                    q.get(0).probe());
            assertNotSame(before, engine.rules().group(RuleGroup.TEXT), "the group was replaced by a copy without it");
            assertEquals(1, engine.rules().ruleCount(), "the slow rule is no longer counted as in use");

            // The next such event costs no timeout: the slow rule stays out until the next reload.
            EventScanResult again = scanner.scanDetailed(Events.parse(event(slow)));
            assertEquals(List.of("Good_Mimikatz"), again.matches().stream().map(YaraMatch::rule).toList());
            assertEquals(1, engine.scanTimeouts());
            // A reload measures afresh: the rule is back (it is cheap on the probes).
            engine.reload();
            assertEquals(List.of(), engine.rules().quarantined());
            assertEquals(2, engine.rules().ruleCount());
        }
    }
}
