package io.centinela.cli;

import io.centinela.testkit.ConsoleCapture;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code sigma scan} evaluates correlation rules over a file in event time and honours {@code generate}. */
class SigmaScanCorrelationCliTest {

    private static final String RULES = """
            title: Failed logon
            id: a10fb0f3-2dbc-4dd7-a52f-23aabdcf42bf
            name: failed_login
            logsource:
                product: windows
                service: security
            detection:
                selection:
                    EventID: 4625
                condition: selection
            ---
            title: Many failed logons by one user
            id: 79f7cd9a-4331-4b8e-8d2f-502ecdcb5714
            level: high
            correlation:
                type: event_count
                rules:
                    - failed_login
                group-by:
                    - TargetUserName
                timespan: 5m
                condition:
                    gte: 5
                generate: GENERATE
            """;

    private record Run(int code, List<JsonNode> lines, String err) {
    }

    private static Run scan(Path rules, Path events) throws Exception {
        ConsoleCapture.Captured c = ConsoleCapture.run(() -> CentinelaCli.commandLine()
                .execute("sigma", "scan", "--rules", rules.toString(), events.toString()));
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String l : c.out().split("\n")) {
            if (!l.isBlank()) lines.add(json.readTree(l));
        }
        return new Run(c.code(), lines, c.err());
    }

    private static Path events(Path dir) throws Exception {
        // Six failed logons of bob 20 s apart, written out of order (the 1st last); one of alice.
        List<String> lines = new ArrayList<>();
        for (int i = 1; i < 6; i++) lines.add(logon("bob", i));
        lines.add(logon("bob", 0));
        lines.add(logon("alice", 2));
        Path f = dir.resolve("events.jsonl");
        Files.write(f, lines);
        return f;
    }

    private static String logon(String user, int i) {
        return "{\"EventID\":4625,\"Channel\":\"Security\",\"TargetUserName\":\"" + user
                + "\",\"@timestamp\":\"2024-03-01T10:00:" + String.format("%02d", i * 9) + ".000Z\"}";
    }

    @Test
    void correlationMatchesArePrintedAndBaseMatchesFollowGenerate(@TempDir Path dir) throws Exception {
        Path rules = Files.createDirectory(dir.resolve("rules"));
        Files.writeString(rules.resolve("mr_failed.yml"), RULES.replace("GENERATE", "false"));
        Path events = events(dir);
        Run r = scan(rules, events);
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.lines().size(), r.lines() + "\n" + r.err());
        JsonNode m = r.lines().get(0);
        assertEquals("79f7cd9a-4331-4b8e-8d2f-502ecdcb5714", m.get("rule_id").asText());
        assertEquals("bob", m.get("group_by").get("TargetUserName").asText());
        assertEquals(5, m.get("event_count").asInt());
        // the hit written last is the earliest: the scan's reorder buffer puts it first
        assertTrue(m.get("events").get(0).asText().endsWith(":6"), m.toString());
        assertTrue(r.err().contains("correlations: 1 evaluated"), r.err());

        Files.writeString(rules.resolve("mr_failed.yml"), RULES.replace("GENERATE", "true"));
        Run g = scan(rules, events);
        assertEquals(8, g.lines().size(), g.lines().toString()); // 7 base matches + the correlation
        assertEquals(1, g.lines().stream().filter(l -> l.has("correlation_id")).count());
    }
}
