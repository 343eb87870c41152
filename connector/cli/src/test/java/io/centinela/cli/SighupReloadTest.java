package io.centinela.cli;

import io.centinela.pipeline.EngineFactory;
import io.centinela.kafka.PipelineHarness;
import io.centinela.pipeline.RuleReloader;
import io.centinela.pipeline.RuleSettings;
import io.centinela.pipeline.SwappableSigma;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real SIGHUP sent to this JVM reloads the rules (Linux/macOS HotSpot: sun.misc.Signal is present). */
class SighupReloadTest {

    @Test
    void sighupReloadsTheRules(@TempDir Path dir) throws Exception {
        Path sigma = Files.createDirectories(dir.resolve("sigma"));
        Files.writeString(sigma.resolve("a.yml"), rule("A", "2d2d2d2d-0000-4000-8000-000000000001"));
        RuleSettings settings = new RuleSettings(false, List.of(sigma), null, null, null);
        SwappableSigma live = new SwappableSigma(EngineFactory.loadSigmaSet(settings).rules());
        RuleReloader reloader = new RuleReloader(settings, live, null);
        assertTrue(SighupReload.install(reloader), "sun.misc.Signal handler installed");
        Files.writeString(sigma.resolve("b.yml"), rule("B", "2d2d2d2d-0000-4000-8000-000000000002"));
        Process kill = new ProcessBuilder("kill", "-HUP", String.valueOf(ProcessHandle.current().pid())).start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -HUP sent");
        PipelineHarness.await(java.time.Duration.ofSeconds(10), () -> reloader.reloads() == 1,
                () -> "no reload after SIGHUP");
        assertEquals(2, live.ruleCount(), "the rule added before SIGHUP is live");
        assertEquals(0, reloader.failures());
    }

    private static String rule(String title, String id) {
        return """
                title: %s
                id: %s
                level: high
                logsource: {product: windows, category: process_creation}
                detection:
                  sel: {CommandLine|contains: %s-marker}
                  condition: sel
                """.formatted(title, id, title);
    }
}
