package io.centinela.tools.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.centinela.cli.CentinelaCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CI-SIZED SOAK (about a minute, the longest test of this module): {@code bench soak} itself over 2,000 events with
 * every fault kind once, the connector a supervised child JVM. The real soak (30 minutes, 1M events) is run by hand:
 * docs/connector.md "Soak".
 */
class SoakCommandTest {

    @Test
    void shortSoakLosesNothingAndCommitsToTheEnd(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("soak.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = CentinelaCli.commandLine().execute("bench", "soak", "--minutes", "1", "--events", "2000",
                    "--seed", "3", "--attack-rate", "0.05", "--poison-every", "200", "--restart-sec", "0.5",
                    "--drain-minutes", "1.5", "--work-dir", dir.resolve("work").toString(), "--out", json.toString());
        } finally {
            System.setOut(old);
        }
        String table = out.toString(StandardCharsets.UTF_8);
        System.out.println(table);
        String log = Files.exists(dir.resolve("work/connector.log")) ? tail(dir.resolve("work/connector.log")) : "";
        assertEquals(0, code, table + "\n--- connector.log (tail) ---\n" + log);
        assertTrue(table.contains("| committed == end offsets |") && table.contains("verdict: OK"), table);
        JsonNode s = new ObjectMapper().readTree(json.toFile());
        assertEquals(2000, s.path("produced").asLong(), table);
        assertEquals(2000, s.path("read_back").asLong(), table);
        assertEquals(0, s.path("missing").asLong(), table);
        assertEquals(0, s.path("poison_missing").asLong(), table);
        assertEquals(0, s.path("unexpected").asLong(), table);
        assertEquals(10, s.path("poison_produced").asLong(), table);
        assertTrue(s.path("alerts_expected").asLong() > 50, table);
        // every expected alert is accounted for: delivered, or refused with code 6 and dead-lettered
        assertTrue(s.path("delivered_distinct").asLong() + s.path("dlq_alerts").asLong() >= s.path("alerts_expected").asLong(), table);
        s.path("committed_equals_end").forEach(v -> assertTrue(v.asBoolean(), table));
        assertEquals(3, s.path("committed_equals_end").size(), table);
        // every fault kind was injected, and the kill -9 met a running connector that was then restarted
        s.path("faults").forEach(v -> assertTrue(!v.asText().startsWith("0"), table));
        assertTrue(s.path("exits").path("kill -9").asInt() >= 1, table);
    }

    private static String tail(Path p) throws Exception {
        var lines = Files.readAllLines(p);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
