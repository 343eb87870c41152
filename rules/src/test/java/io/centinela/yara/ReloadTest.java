package io.centinela.yara;

import io.centinela.yara.policy.PolicyEventScanner;
import io.centinela.yara.policy.RuleGeneration;
import io.centinela.yara.policy.RuleGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReloadTest {

    private static final String EVENT = "{\"CommandLine\":\"run alpha and beta\"}";

    private static List<String> hits(PolicyEventScanner s) {
        return s.scan(Events.parse(EVENT)).stream().map(YaraMatch::rule).toList();
    }

    @Test
    void oldRulesAreFreedOnlyWhenNoScannerUsesThem(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("r.yar"), "rule v1 { strings: $a = \"alpha\" condition: $a }\n");
        try (YaraEngine engine = YaraEngine.start(YaraConfig.defaults(List.of(dir)).withBundledRules(false));
             PolicyEventScanner first = engine.newScanner();
             PolicyEventScanner second = engine.newScanner()) {
            assertEquals(List.of("v1"), hits(first));
            assertEquals(List.of("v1"), hits(second));
            CompiledRules v1 = engine.rules().group(RuleGroup.TEXT);
            assertEquals(3, v1.references(), "engine + two scanners");

            Files.writeString(dir.resolve("r.yar"), "rule v2 { strings: $b = \"beta\" condition: $b }\n");
            engine.reload();
            assertFalse(v1.isDestroyed(), "both scanners still hold v1");
            assertEquals(2, v1.references());

            assertEquals(List.of("v2"), hits(first), "a scanner moves to the new rules before its next scan");
            assertFalse(v1.isDestroyed(), "the second scanner still holds v1");
            assertEquals(1, v1.references());
            second.close();
            assertTrue(v1.isDestroyed(), "freed when the last scanner let go");
            assertEquals(List.of("v2"), hits(first));
        }
    }

    @Test
    void brokenReloadInStrictModeKeepsTheOldRules(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("r.yar"), "rule v1 { strings: $a = \"alpha\" condition: $a }\n");
        try (YaraEngine engine = YaraEngine.start(YaraConfig.defaults(List.of(dir)).withBundledRules(false).withStrict(true));
             PolicyEventScanner s = engine.newScanner()) {
            Files.writeString(dir.resolve("r.yar"), "rule v2 { condition: $nope }\n");
            try {
                engine.reload();
                throw new AssertionError("strict reload of a broken file must throw");
            } catch (io.centinela.yara.compile.RuleCompileException expected) {
                assertTrue(expected.getMessage().contains("r.yar:1"), expected.getMessage());
            }
            assertEquals(List.of("v1"), hits(s));
        }
    }

    @Test
    void concurrentScansDuringRepeatedReloads(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("r.yar"), "rule gen0 { strings: $a = \"alpha\" condition: $a }\n");
        List<CompiledRules> generations = new ArrayList<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
        try (YaraEngine engine = YaraEngine.start(YaraConfig.defaults(List.of(dir)).withBundledRules(false))) {
            generations.add(engine.rules().group(RuleGroup.TEXT));
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch started = new CountDownLatch(2);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                Thread w = new Thread(() -> {
                    try (PolicyEventScanner s = engine.newScanner()) {
                        started.countDown();
                        while (!stop.get()) {
                            List<String> h = hits(s);
                            if (h.size() != 1 || !h.get(0).startsWith("gen")) {
                                throw new AssertionError("unexpected " + h);
                            }
                            seen.add(h.get(0));
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                });
                w.start();
                workers.add(w);
            }
            started.await();
            for (int i = 1; i <= 15; i++) {
                Files.writeString(dir.resolve("r.yar"), "rule gen" + i + " { strings: $a = \"alpha\" condition: $a }\n");
                RuleGeneration g = engine.reload();
                generations.add(g.group(RuleGroup.TEXT));
                Thread.sleep(20);
            }
            stop.set(true);
            for (Thread w : workers) {
                w.join(30_000);
            }
            assertEquals(List.of(), new ArrayList<>(failures));
            assertTrue(seen.contains("gen15") || seen.size() > 0);
            for (int i = 0; i < generations.size() - 1; i++) {
                assertTrue(generations.get(i).isDestroyed(), "generation " + i + " freed after the scanners closed");
            }
            assertFalse(generations.get(generations.size() - 1).isDestroyed());
        }
        assertTrue(generations.get(generations.size() - 1).isDestroyed(), "engine close frees the last one");
    }
}
