package io.centinela.sigma.conformance;

import io.centinela.event.Event;
import io.centinela.event.EventFileReader;
import io.centinela.event.EventFormat;
import io.centinela.event.EventParser;
import io.centinela.event.EventRejectedException;
import io.centinela.sigma.SigmaMatch;
import io.centinela.sigma.eval.CompiledRuleSet;
import io.centinela.sigma.load.FileReport;
import io.centinela.sigma.load.LoadOptions;
import io.centinela.sigma.load.LoadResult;
import io.centinela.sigma.load.ParsedRuleCache;
import io.centinela.sigma.load.RuleLoader;
import io.centinela.testkit.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The parsed-rule cache: a load served from the cache gives the same documents, reports and (event, rule) matches
 * as a fresh parse over the SigmaHQ rules and the shared Windows logs; an edited, added or removed file is a
 * miss; a damaged cache file is ignored with one warning and rebuilt.
 */
class ParsedRuleCacheTest {

    @TempDir
    Path tmp;

    private static final String RULE = """
            title: %s
            id: %s
            logsource:
              product: windows
              service: security
            detection:
              selection:
                EventID: 4688
                CommandLine|contains: '%s'
              condition: selection
            level: high
            """;

    @Test
    void cacheHitGivesTheSameReportsAndMatchesAsAFreshParse() throws Exception {
        // Rejections of every kind next to SigmaHQ: unreadable YAML, a bad document, a rule that fails to compile.
        Path bad = Files.createDirectories(tmp.resolve("bad"));
        Files.writeString(bad.resolve("broken.yml"), "title: [unclosed\n");
        Files.writeString(bad.resolve("two.yml"), RULE.formatted("ok", "11111111-0000-0000-0000-000000000001", "x")
                + "---\n- not a mapping\n");
        Files.writeString(bad.resolve("nocompile.yml"), RULE.formatted("bad", "11111111-0000-0000-0000-000000000002", "x")
                .replace("condition: selection", "condition: selection and missing_search"));
        List<Path> roots = new ArrayList<>(SigmaHqData.activeDirs());
        roots.add(bad);
        Path dir = tmp.resolve("cache");

        LoadResult fresh = new RuleLoader(LoadOptions.defaults()).load(roots);
        ParsedRuleCache first = ParsedRuleCache.forRoots(dir, roots);
        LoadResult built = new RuleLoader(LoadOptions.defaults(), first).load(roots);
        assertEquals(0, first.lastLoad().hits());
        assertTrue(first.lastLoad().written());
        List<String> warnings = new ArrayList<>();
        ParsedRuleCache second = new ParsedRuleCache(first.file(), warnings::add); // as after a restart
        LoadResult cached = new RuleLoader(LoadOptions.defaults(), second).load(roots);

        assertEquals(List.of(), warnings);
        assertEquals(first.lastLoad().misses(), second.lastLoad().hits());
        assertEquals(0, second.lastLoad().misses());
        assertFalse(second.lastLoad().written(), "nothing changed: the cache is not rewritten");
        assertTrue(second.lastLoad().hits() > 3_700, "hits: " + second.lastLoad().hits());
        for (LoadResult r : List.of(built, cached)) {
            assertEquals(fresh.reports(), r.reports());
            assertEquals(fresh.rules(), r.rules()); // every parsed field of every rule survives the codec
            assertEquals(fresh.correlations(), r.correlations());
        }
        List<FileReport> rejected = cached.rejected();
        assertTrue(rejected.stream().anyMatch(f -> f.file().endsWith("broken.yml") && f.kind().equals("file") && f.line() > 0),
                rejected.toString());
        assertTrue(rejected.stream().anyMatch(f -> f.file().endsWith("two.yml") && f.document() == 1), rejected.toString());
        assertTrue(rejected.stream().anyMatch(f -> f.file().endsWith("nocompile.yml") && f.reason().contains("missing_search")),
                rejected.toString());

        long[] counts = sameMatches(fresh.ruleSet(), cached.ruleSet());
        assertTrue(counts[0] > 50_000, "events: " + counts[0]);
        assertTrue(counts[1] > 500, "the sample should fire hundreds of rules, got " + counts[1]);
    }

    /** The first 1,000 events of every shared Windows log archive through both sets: identical matches. */
    private static long[] sameMatches(CompiledRuleSet want, CompiledRuleSet got) throws Exception {
        List<Path> zips;
        try (Stream<Path> s = Files.walk(SharedData.path("windows-logs"))) {
            zips = s.filter(p -> p.toString().endsWith(".zip")).sorted().toList();
        }
        EventParser parser = new EventParser();
        long events = 0, pairs = 0;
        List<String> differences = new ArrayList<>();
        for (Path zip : zips) {
            try (EventFileReader r = EventFileReader.open(zip)) {
                for (int i = 0; i < 1_000 && r.hasNext(); i++) {
                    EventFileReader.Document d = r.next();
                    Event e;
                    try {
                        e = d.parse(parser, EventFormat.AUTO);
                    } catch (EventRejectedException broken) {
                        continue; // a few broken lines on purpose (SOURCE.md)
                    }
                    events++;
                    List<SigmaMatch> a = want.evaluate(e);
                    pairs += a.size();
                    List<SigmaMatch> b = got.evaluate(e);
                    if (!a.equals(b) && differences.size() < 10) {
                        differences.add(d.origin() + ": fresh " + a + ", cached " + b);
                    }
                }
            }
        }
        assertEquals(List.of(), differences);
        return new long[] {events, pairs};
    }

    @Test
    void anEditedAddedOrRemovedFileIsAMissAndOnlyThatFileIsParsedAgain() throws Exception {
        Path rules = Files.createDirectories(tmp.resolve("rules"));
        for (int i = 1; i <= 3; i++) {
            Files.writeString(rules.resolve("r" + i + ".yml"),
                    RULE.formatted("rule " + i, "22222222-0000-0000-0000-00000000000" + i, "needle" + i));
        }
        ParsedRuleCache cache = ParsedRuleCache.forRoots(tmp.resolve("cache"), List.of(rules));
        RuleLoader loader = new RuleLoader(LoadOptions.defaults(), cache);
        loader.load(List.of(rules));
        assertEquals(new ParsedRuleCache.Stats(0, 3, true, false), cache.lastLoad());
        loader.load(List.of(rules));
        assertEquals(new ParsedRuleCache.Stats(3, 0, false, false), cache.lastLoad());

        Files.writeString(rules.resolve("r2.yml"), RULE.formatted("rule 2 edited", "22222222-0000-0000-0000-000000000002",
                "needle2"));
        LoadResult edited = loader.load(List.of(rules));
        assertEquals(new ParsedRuleCache.Stats(2, 1, true, false), cache.lastLoad());
        assertTrue(edited.rules().stream().anyMatch(r -> r.title().equals("rule 2 edited")));
        assertEquals(edited.rules(), new RuleLoader(LoadOptions.defaults()).load(List.of(rules)).rules());

        Files.delete(rules.resolve("r3.yml"));
        LoadResult removed = loader.load(List.of(rules));
        assertEquals(new ParsedRuleCache.Stats(2, 0, true, false), cache.lastLoad(), "a removed file rewrites the cache");
        assertEquals(2, removed.rules().size());

        Files.writeString(rules.resolve("r4.yml"), RULE.formatted("rule 4", "22222222-0000-0000-0000-000000000004", "n4"));
        assertEquals(3, loader.load(List.of(rules)).rules().size());
        assertEquals(new ParsedRuleCache.Stats(2, 1, true, false), cache.lastLoad());
    }

    @Test
    void aCorruptOrTruncatedCacheIsIgnoredWithOneWarningAndRebuilt() throws Exception {
        Path rules = Files.createDirectories(tmp.resolve("rules"));
        for (int i = 1; i <= 3; i++) {
            Files.writeString(rules.resolve("r" + i + ".yml"),
                    RULE.formatted("rule " + i, "33333333-0000-0000-0000-00000000000" + i, "needle" + i));
        }
        Path file = tmp.resolve("cache").resolve("parsed.bin");
        LoadResult fresh = new RuleLoader(LoadOptions.defaults()).load(List.of(rules));
        new RuleLoader(LoadOptions.defaults(), new ParsedRuleCache(file)).load(List.of(rules));
        byte[] good = Files.readAllBytes(file);

        // One flipped bit inside a rule's text (the title "rule 2" becomes "rule 3"): decodable, so only the
        // checksum stands between it and a wrong rule.
        byte[] flipped = good.clone();
        int at = indexOf(flipped, "rule 2".getBytes()) + 5;
        flipped[at] ^= 0x01;
        byte[] truncated = java.util.Arrays.copyOf(good, good.length / 2);
        for (byte[] damaged : List.of(flipped, truncated, new byte[0])) {
            Files.write(file, damaged);
            List<String> warnings = new ArrayList<>();
            ParsedRuleCache cache = new ParsedRuleCache(file, warnings::add);
            LoadResult r = new RuleLoader(LoadOptions.defaults(), cache).load(List.of(rules));
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains(file.toString()) && warnings.get(0).contains("rebuilt"), warnings.get(0));
            assertEquals(new ParsedRuleCache.Stats(0, 3, true, true), cache.lastLoad());
            assertEquals(fresh.rules(), r.rules());
            assertEquals(fresh.reports(), r.reports());
            assertArrayEquals(good, Files.readAllBytes(file), "rebuilt to the same bytes");

            warnings.clear();
            new RuleLoader(LoadOptions.defaults(), cache).load(List.of(rules));
            assertEquals(List.of(), warnings);
            assertEquals(new ParsedRuleCache.Stats(3, 0, false, false), cache.lastLoad());
        }
        try (Stream<Path> s = Files.list(file.getParent())) {
            assertEquals(List.of(file), s.toList(), "no temporary files left behind");
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
