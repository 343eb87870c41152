package io.centinela.tools;

import io.centinela.cli.CentinelaCli;
import io.centinela.testkit.ConsoleCapture;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code centinela demo} end to end through the CLI: exit 0, a report, and alerts.jsonl in HEC envelope form. */
class DemoCommandTest {

    @Test
    void demoRunsAndWritesHecEnvelopes(@TempDir Path dir) throws Exception {
        Path alerts = dir.resolve("alerts.jsonl");
        ConsoleCapture.Captured c = ConsoleCapture.run(() -> CentinelaCli.commandLine().execute("demo", "--events", "600",
                "--attack-rate", "0.02", "--no-model", "--alerts", alerts.toString(), "--partitions", "1"));
        int code = c.code();
        String report = c.out();
        assertEquals(0, code, report);
        assertTrue(report.contains("Centinela demo report") && report.contains("events analysed   600"), report);
        List<String> lines = Files.readAllLines(alerts);
        assertTrue(lines.size() >= 4, "alerts for the attack scenarios: " + lines.size());
        Set<String> sources = new HashSet<>();
        for (String line : lines) {
            JsonNode env = new ObjectMapper().readTree(line);
            assertEquals("centinela:alert", env.path("sourcetype").asText());
            assertTrue(env.path("time").isNumber() && env.path("event").has("alert_id"), line);
            env.path("event").path("detection_sources").forEach(s -> sources.add(s.asText()));
        }
        assertTrue(sources.contains("yara") && sources.contains("sigma"), "both engines fired: " + sources);
    }
}
