package io.centinela.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.centinela.model.train.LabelledData;
import io.centinela.testkit.KvStoreTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code feedback pull} against the KV store test server (Splunk's REST API; no Splunk runs here) and from
 * exports: the join, the review file, the skips, the analyst cap, and the output read back by the trainer's own
 * loader.
 */
class FeedbackPullTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "c0ffee00-1111-2222-3333-444455556666";

    /** An alert line as the service writes it to output.alerts.file (a HEC envelope). */
    private static String alertLine(String id, String sigmaLevel, boolean truncated, String cmd) throws Exception {
        ObjectNode alert = JSON.createObjectNode().put("alert_id", id).put("signature", "sig-" + id);
        if (sigmaLevel != null) {
            alert.putArray("sigma").addObject().put("id", "rule-" + id).put("title", "Rule " + id)
                    .put("level", sigmaLevel);
        }
        alert.putObject("model").put("name", "centinela-default").put("version", "2.0.0").put("score", 0.93);
        String event = JSON.writeValueAsString(Map.of("EventID", 1, "Image", "C:\\Windows\\System32\\cmd.exe",
                "CommandLine", cmd, "User", "CORP\\alice"));
        alert.putObject("origin").put("topic", "events").put("partition", 0).put("offset", 42)
                .put("format", "json").put("event", truncated ? event.substring(0, 20) : event)
                .put("truncated", truncated);
        ObjectNode env = JSON.createObjectNode().put("time", 1.7e9).put("sourcetype", "centinela:alert");
        env.set("event", alert);
        return JSON.writeValueAsString(env);
    }

    private static Path alerts(Path dir) throws Exception {
        Path f = dir.resolve("alerts.jsonl");
        Files.write(f, List.of(
                alertLine("a-tp", null, false, "cmd /c whoami"),
                alertLine("a-fp", null, false, "cmd /c backup.bat"),
                alertLine("a-fp-high", "high", false, "cmd /c vssadmin delete shadows /all"),
                alertLine("a-trunc", null, true, "cmd /c long"),
                alertLine("a-btp", "medium", false, "cmd /c net user"),
                "not json at all"));
        return f;
    }

    private static Map<String, Object> verdict(String id, String disp, String owner, long updated) {
        return Map.of("alert_id", id, "_key", id, "owner", owner, "status", "closed", "disposition", disp,
                "comment", "note " + id, "updated", updated);
    }

    private static void seed(KvStoreTestServer kv) {
        kv.collection("centinela_triage");
        kv.put("centinela_triage", verdict("a-tp", "true positive", "ana", 100));
        kv.put("centinela_triage", verdict("a-fp", "false positive", "bob", 101));
        kv.put("centinela_triage", verdict("a-fp-high", "false positive", "ana", 102));
        kv.put("centinela_triage", verdict("a-trunc", "false positive", "bob", 103));
        kv.put("centinela_triage", verdict("a-btp", "benign positive", "bob", 104));
        kv.put("centinela_triage", verdict("a-gone", "true positive", "bob", 105));
        kv.put("centinela_triage", verdict("a-odd", "maybe", "bob", 106));
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run pull(Map<String, String> env, String... args) {
        FeedbackCommand.Pull pull = new FeedbackCommand.Pull();
        pull.env = env::get;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        pull.stdout = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        CommandLine cl = new CommandLine(pull);
        StringWriter err = new StringWriter();
        cl.setErr(new java.io.PrintWriter(err));
        cl.setExecutionExceptionHandler((ex, c, p) -> {
            err.write(ex.toString());
            return 2;
        });
        int rc = cl.execute(args);
        return new Run(rc, bytes.toString(StandardCharsets.UTF_8), err.toString());
    }

    private static List<JsonNode> lines(Path f) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(f)) {
            out.add(JSON.readTree(l));
        }
        return out;
    }

    @Test
    void pullsPagedVerdictsFromTheKvStoreAndJoinsThemWithTheAlertsEvents(@TempDir Path dir) throws Exception {
        try (KvStoreTestServer kv = new KvStoreTestServer("centinela", TOKEN, "ana", "s3cret")) {
            seed(kv);
            kv.maxRowsPerQuery(2); // below the page size: short pages that are not the last
            Path out = dir.resolve("site/feedback.jsonl");
            Run r = pull(Map.of(FeedbackCommand.TOKEN_ENV, TOKEN), "--kv-url", kv.baseUrl(), "--allow-plain-http",
                    "--page-size", "3", "--alerts", alerts(dir).toString(), "--out", out.toString(),
                    "--max-analyst-share", "1");
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().contains("verdicts: 6 from"), r.out());
            assertTrue(r.out().contains("(1 refused)"), r.out());
            assertTrue(r.out().contains("skipped truncated_excerpt: 1"), r.out());
            assertTrue(r.out().contains("skipped no_alert: 1"), r.out());
            assertTrue(r.out().contains("skipped no_label: 1"), r.out());
            assertFalse(r.out().contains(TOKEN), "the token is never printed");

            List<JsonNode> rows = lines(out);
            assertEquals(List.of("feedback:a-tp", "feedback:a-fp"), rows.stream().map(n -> n.get("id").asText()).toList());
            assertEquals("malicious", rows.get(0).get("label").asText());
            assertEquals("benign", rows.get(1).get("label").asText());
            JsonNode meta = rows.get(1).get("meta");
            assertEquals("bob", meta.get("analyst").asText());
            assertEquals(101.0, meta.get("verdict_time").asDouble());
            assertEquals("2.0.0", meta.get("model_version").asText());
            assertEquals("events", meta.get("origin").get("topic").asText());
            assertEquals("cmd /c backup.bat", rows.get(1).get("event").get("CommandLine").asText());

            List<JsonNode> held = lines(dir.resolve("site/feedback.jsonl.held.jsonl"));
            assertEquals(1, held.size());
            assertEquals("a-fp-high", held.get(0).get("alert_id").asText());
            assertEquals("high", held.get(0).get("rule_hits").get(0).get("level").asText());

            // The trainer's own loader reads the rows (labels, ids, events) without skipping any.
            LabelledData.Loaded loaded = LabelledData.load(out, LabelledData.Filter.NONE);
            assertEquals(0, loaded.skipped(), loaded.errors().toString());
            assertEquals(List.of(1, 0), loaded.examples().stream().map(e -> e.label()).toList());
            assertTrue(kv.requests() >= 4, "paged: 6 records in pages of 2, then an empty page");
        }
    }

    @Test
    void refusesABadCredentialWithoutEchoingItAndAcceptsUserPassword(@TempDir Path dir) throws Exception {
        try (KvStoreTestServer kv = new KvStoreTestServer("centinela", TOKEN, "ana", "s3cret")) {
            seed(kv);
            Path out = dir.resolve("f.jsonl");
            String wrong = "wrong-token-value-123";
            Run bad = pull(Map.of(FeedbackCommand.TOKEN_ENV, wrong), "--kv-url", kv.baseUrl(), "--allow-plain-http",
                    "--alerts", alerts(dir).toString(), "--out", out.toString());
            assertNotEquals(0, bad.exit());
            assertTrue(bad.err().contains("HTTP 401"), bad.err());
            assertFalse(bad.err().contains(wrong) || bad.out().contains(wrong));
            assertFalse(Files.exists(out), "a failed pull writes nothing");

            Run ok = pull(Map.of(FeedbackCommand.PASSWORD_ENV, "s3cret"), "--kv-url", kv.baseUrl(),
                    "--allow-plain-http", "--user", "ana", "--alerts", alerts(dir).toString(), "--out",
                    out.toString(), "--max-analyst-share", "1");
            assertEquals(0, ok.exit(), ok.err());
            assertEquals(2, lines(out).size());

            Run unknown = pull(Map.of(FeedbackCommand.TOKEN_ENV, TOKEN), "--kv-url", kv.baseUrl(),
                    "--allow-plain-http", "--collection", "nope", "--alerts", alerts(dir).toString(), "--out",
                    out.toString());
            assertTrue(unknown.err().contains("HTTP 404") && unknown.err().contains("does not exist"), unknown.err());

            Run plain = pull(Map.of(FeedbackCommand.TOKEN_ENV, TOKEN), "--kv-url", kv.baseUrl(),
                    "--alerts", alerts(dir).toString(), "--out", out.toString());
            assertTrue(plain.err().contains("must be https"), plain.err());
        }
    }

    @Test
    void readsACsvExportAndCapsOneAnalystsShare(@TempDir Path dir) throws Exception {
        Path alerts = dir.resolve("alerts.jsonl");
        List<String> lines = new ArrayList<>();
        StringBuilder csv = new StringBuilder("_key,alert_id,owner,status,disposition,comment,updated\n");
        for (int i = 0; i < 6; i++) {
            lines.add(alertLine("x" + i, null, false, "cmd /c job" + i));
            csv.append("x").append(i).append(",x").append(i).append(',').append(i < 5 ? "ana" : "bob")
                    .append(",closed,false positive,\"routine, scheduled\",").append(200 + i).append('\n');
        }
        Files.write(alerts, lines);
        Path export = dir.resolve("triage.csv");
        Files.writeString(export, csv);
        Path out = dir.resolve("f.jsonl");
        Run r = pull(Map.of(), "--from", export.toString(), "--alerts", alerts.toString(), "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        // ana gave 5 of 6: at most half the rows may be hers, so she keeps 1 (her earliest) beside bob's 1.
        assertTrue(r.out().matches("(?s).*ana\\s+kept 1, capped 4.*"), r.out());
        assertTrue(r.out().matches("(?s).*bob\\s+kept 1, capped 0.*"), r.out());
        List<JsonNode> rows = lines(out);
        assertEquals(List.of("feedback:x0", "feedback:x5"), rows.stream().map(n -> n.get("id").asText()).toList());
        assertEquals("routine, scheduled", rows.get(0).get("meta").get("note").asText());
    }

    @Test
    void dispositionsParseAsTheTriageViewWritesThem() {
        assertEquals(Disposition.BENIGN_TRUE_POSITIVE, Disposition.parse("Benign Positive").orElseThrow());
        assertEquals(Disposition.FALSE_POSITIVE, Disposition.parse("false_positive").orElseThrow());
        assertTrue(Disposition.parse("maybe").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> FeedbackJoin.join(List.of(), null, 0));
    }
}
