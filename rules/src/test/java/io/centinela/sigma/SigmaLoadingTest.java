package io.centinela.sigma;

import io.centinela.event.Event;
import io.centinela.sigma.load.FileReport;
import io.centinela.sigma.load.LoadResult;
import io.centinela.sigma.logsource.LogSourceMapping;
import io.centinela.sigma.parse.SafeYaml;
import io.centinela.sigma.parse.SigmaCorrelation;
import io.centinela.sigma.parse.SigmaSyntaxException;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static io.centinela.sigma.SigmaFixture.event;
import static io.centinela.sigma.SigmaFixture.matches;
import static io.centinela.sigma.SigmaFixture.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** YAML limits, per-file reports, multi-document files, filters, correlations and log-source mapping. */
class SigmaLoadingTest {

    private static final String GOOD = rule("    sel:\n        Image|endswith: '\\cmd.exe'\n    condition: sel\n");

    @Test
    void yamlErrorsCarryTheLine() {
        LoadResult r = SigmaFixture.load("title: x\ndetection:\n  sel: [a\n  condition: sel\n", GOOD);
        assertEquals(1, r.rejected().size());
        FileReport bad = r.rejected().get(0);
        assertTrue(bad.reason().startsWith("invalid YAML"), bad.reason());
        assertTrue(bad.line() >= 3, "line " + bad.line());
        assertEquals(1, r.ruleSet().ruleCount(), "the good rule still loads");
    }

    @Test
    void duplicateKeysAndAliasBombsAreRefused() {
        SigmaSyntaxException dup = assertThrows(SigmaSyntaxException.class,
                () -> new SafeYaml().loadAll("a: 1\nb: 2\na: 3\n"));
        assertEquals(3, dup.line());
        StringBuilder bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 10; i++) {
            bomb.append("a").append(i).append(": &a").append(i).append(" [");
            for (int k = 0; k < 10; k++) {
                bomb.append(k == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            bomb.append("]\n");
        }
        SigmaSyntaxException e = assertThrows(SigmaSyntaxException.class, () -> new SafeYaml().loadAll(bomb.toString()));
        assertTrue(e.reason().contains("alias") || e.reason().contains("nodes"), e.reason());
        // lines 2 and 3 use 10 aliases each; the 21st alias, over the limit of 20, is the first one on line 4
        assertEquals(4, e.line(), e.reason());
        // in a rule folder the bomb is a broken file like any other: file, line and reason; the good rule loads
        LoadResult r = SigmaFixture.load(GOOD, "title: bomb\n" + bomb);
        assertEquals(1, r.rejected().size());
        FileReport bad = r.rejected().get(0);
        assertEquals("rule1.yml", bad.file());
        assertEquals(5, bad.line(), bad.describe());
        assertTrue(bad.describe().startsWith("REJECTED rule1.yml:5 [file] YAML uses more than 20 aliases"), bad.describe());
        assertEquals(1, r.ruleSet().ruleCount(), "the good rule still loads");
        assertThrows(SigmaSyntaxException.class, () -> new SafeYaml(100, 1000).loadAll("a: " + "x".repeat(200)));
    }

    @Test
    void multiDocumentFilesLoadEachDocument() {
        String two = GOOD + "---\n" + GOOD.replace("11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222")
                + "---\ntitle: broken\n";
        LoadResult r = SigmaFixture.load(two);
        assertEquals(2, r.ruleSet().ruleCount());
        assertEquals(1, r.rejected().size());
        assertEquals(2, r.rejected().get(0).document());
        assertTrue(r.rejected().get(0).reason().contains("missing 'detection'"));
    }

    @Test
    void filtersAreAndedToTheRulesTheyName() {
        String filter = "title: Exclude admin box\nlogsource:\n    product: windows\nfilter:\n"
                + "    rules:\n        - 11111111-1111-1111-1111-111111111111\n"
                + "    selection:\n        Computer|startswith: 'ADM-'\n    condition: not selection\n";
        LoadResult r = SigmaFixture.load(GOOD, filter);
        assertTrue(r.rejected().isEmpty(), r.rejected().toString());
        assertEquals(1, r.loadedCount("filter"));
        assertTrue(matches(r.ruleSet(), event("Image", "C:\\cmd.exe", "Computer", "WS-1")));
        assertFalse(matches(r.ruleSet(), event("Image", "C:\\cmd.exe", "Computer", "ADM-1")));
    }

    @Test
    void correlationsAreParsedAndValidated() {
        String corr = "title: Many cmd\nid: 33333333-3333-3333-3333-333333333333\ncorrelation:\n    type: event_count\n"
                + "    rules:\n        - 11111111-1111-1111-1111-111111111111\n    group-by:\n        - Computer\n"
                + "    timespan: 5m\n    condition:\n        gte: 10\n";
        LoadResult ok = SigmaFixture.load(GOOD, corr);
        assertTrue(ok.rejected().isEmpty(), ok.rejected().toString());
        assertEquals(1, ok.correlations().size());
        SigmaCorrelation c = ok.correlations().get(0);
        assertEquals(SigmaCorrelation.Type.EVENT_COUNT, c.type());
        assertEquals(Duration.ofMinutes(5), c.timespan());
        assertEquals("10", c.condition().get("gte"));

        LoadResult badSpan = SigmaFixture.load(GOOD, corr.replace("5m", "five minutes"));
        assertTrue(badSpan.rejected().get(0).reason().contains("timespan"));
        LoadResult unknownRule = SigmaFixture.load(corr);
        assertTrue(unknownRule.rejected().get(0).reason().contains("not loaded"));
        LoadResult noField = SigmaFixture.load(GOOD, corr.replace("event_count", "value_count"));
        assertTrue(noField.rejected().get(0).reason().contains("'field'"));
        LoadResult temporal = SigmaFixture.load(GOOD, corr.replace("event_count", "temporal"));
        assertTrue(temporal.rejected().get(0).reason().contains("at least two rules"));
    }

    @Test
    void processCreationMapsToSysmonAndSecurity4688WithRenames() {
        String text = "title: cmd\nid: 44444444-4444-4444-4444-444444444444\nlogsource:\n    product: windows\n"
                + "    category: process_creation\ndetection:\n    sel:\n        Image|endswith: '\\cmd.exe'\n"
                + "        ParentImage|endswith: '\\winword.exe'\n    condition: sel\n";
        SigmaEvaluator e = SigmaFixture.compile(text);
        Event sysmon = event("EventID", "1", "Provider_Name", "Microsoft-Windows-Sysmon",
                "Image", "C:\\cmd.exe", "ParentImage", "C:\\WINWORD.EXE");
        Event security = event("EventID", "4688", "Provider_Name", "Microsoft-Windows-Security-Auditing",
                "NewProcessName", "C:\\cmd.exe", "ParentProcessName", "C:\\winword.exe");
        Event wrongId = event("EventID", "3", "Provider_Name", "Microsoft-Windows-Sysmon",
                "Image", "C:\\cmd.exe", "ParentImage", "C:\\winword.exe");
        assertTrue(matches(e, sysmon));
        assertTrue(matches(e, security));
        assertFalse(matches(e, wrongId));
        assertEquals("C:\\cmd.exe", e.evaluate(security).get(0).matchedFields().get("NewProcessName"));
    }

    @Test
    void userMappingOverridesTheBuiltInOne() throws Exception {
        Path f = Files.createTempFile("mapping", ".yml");
        Files.writeString(f, "logsources:\n  - match: {product: windows, category: process_creation}\n    variants:\n"
                + "      - when: {EventID: [9999]}\n        fields: {Image: ExePath}\n");
        LogSourceMapping m = LogSourceMapping.builtIn().withOverrides(LogSourceMapping.load(f));
        var ls = new io.centinela.sigma.parse.LogSource("windows", "process_creation", null);
        assertEquals(1, m.resolve(ls).size());
        assertEquals("ExePath", m.resolve(ls).get(0).renames().get("Image"));
        assertEquals(2, LogSourceMapping.builtIn().resolve(ls).size());
        Files.delete(f);
    }
}
