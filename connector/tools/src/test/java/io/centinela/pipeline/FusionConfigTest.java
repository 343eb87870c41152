package io.centinela.pipeline;

import io.centinela.alert.Alert;
import io.centinela.alert.Severity;
import io.centinela.config.CentinelaConfig;
import io.centinela.event.Event;
import io.centinela.event.EventFormat;
import io.centinela.event.EventOrigin;
import io.centinela.event.EventParser;
import io.centinela.demo.EventGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code fusion:} section of centinela.yaml reaches the engine that {@code run} builds. */
class FusionConfigTest {

    private static final String BASE = """
            kafka:
              bootstrap.servers: x:1
              topics: {t: auto}
            rules.yara.builtin: false
            model.enabled: false
            """;

    /** The alert for the harness's mimikatz event, from engines built as {@code run} builds them. */
    private static Alert alert(Path dir, String yaml) throws Exception {
        Path f = dir.resolve("centinela.yaml");
        Files.writeString(f, yaml);
        try (AnalysisEngines engines = EngineFactory.create(EngineFactory.Spec.from(CentinelaConfig.load(f)))) {
            byte[] mimikatz = new EventGenerator(7).generate(400, 0.5).stream()
                    .filter(g -> new String(g.value(), StandardCharsets.UTF_8).contains("sekurlsa::logonpasswords"))
                    .findFirst().orElseThrow().value();
            Event e = new EventParser().parse(mimikatz, new EventOrigin.Kafka(EventGenerator.SYSMON, 0, 3L, 0L),
                    EventFormat.parse("evtx-json"));
            var sigma = engines.sigma().evaluate(e);
            assertTrue(!sigma.isEmpty(), "the project's Sigma rules detect mimikatz");
            return engines.fusion().fuse(e, sigma, List.of(), null).orElseThrow();
        }
    }

    @Test
    void fusionValuesChangeTheAlertsRiskScore(@TempDir Path dir) throws Exception {
        Alert byDefault = alert(dir, BASE);
        assertEquals(95, byDefault.riskScore(), "one critical Sigma rule, default points");
        Alert tuned = alert(dir, BASE + """
                fusion:
                  criticalPoints: 50
                  app: centinela-test
                """);
        assertEquals(50, tuned.riskScore(), "fusion.criticalPoints reached the engine");
        assertEquals(Severity.CRITICAL, tuned.severity(), "never below the rule's own level (docs/fusion.md)");
        assertEquals("centinela-test", tuned.app());
    }
}
