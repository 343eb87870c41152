package io.centinela.sigma.ownrules;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.centinela.event.Event;
import io.centinela.sigma.correlation.CorrelationEngine;
import io.centinela.sigma.correlation.CorrelationMatch;
import io.centinela.sigma.correlation.CorrelationOptions;
import io.centinela.sigma.correlation.RecordedLogScan;
import io.centinela.sigma.load.BundledSigmaRules;
import io.centinela.sigma.load.FileReport;
import io.centinela.sigma.load.LoadOptions;
import io.centinela.sigma.load.LoadResult;
import io.centinela.sigma.load.RuleLoader;
import io.centinela.testkit.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The project's own correlation rules (rules/src/main/resources/sigma/windows/correlation) on the recorded attacks
 * in ../shared/data/windows-logs where the attack is present, on every archive for their benign hit rate, and on
 * sample events this test writes for the patterns the recordings do not hold (spraying, brute force, Kerberoasting,
 * short-lived tasks), each next to a near miss that must not fire.
 */
class OwnCorrelationRulesTest {

    private static final String ATOMIC = "windows-logs/OTRF-Security-Datasets/datasets/atomic/windows/";
    private static final ObjectMapper JSON = new ObjectMapper();

    static LoadResult rules;
    static CorrelationEngine engine;

    @BeforeAll
    static void load() throws IOException {
        rules = new RuleLoader(LoadOptions.defaults()).load(List.of(BundledSigmaRules.folder().orElseThrow()));
        assertTrue(rules.rejected().isEmpty(), rules.rejected().stream().map(FileReport::describe).toList().toString());
        engine = CorrelationEngine.build(rules, CorrelationOptions.defaults());
        assertTrue(engine.problems().isEmpty(), engine.problems().stream().map(FileReport::describe).toList().toString());
        assertTrue(engine.correlationCount() >= 12, "correlations loaded: " + engine.correlationCount());
    }

    static List<CorrelationMatch> scan(Path file) throws IOException {
        return RecordedLogScan.analystFacing(engine, rules.ruleSet(), file);
    }

    static List<String> titles(List<CorrelationMatch> ms) {
        return ms.stream().map(CorrelationMatch::title).sorted().toList();
    }

    @Test
    void remoteServiceInstallationInTheSharpScRecording() throws IOException {
        List<CorrelationMatch> ms = scan(SharedData.path(ATOMIC + "lateral_movement/host/covenant_sharpsc_create_dcerpc_smb_svcctl.zip"));
        assertEquals(List.of("Remote Service Installation (svcctl Over SMB, Then A New Service)"), titles(ms));
        assertEquals(Map.of("Computer", "WORKSTATION6.theshire.local"), ms.get(0).groupBy());
    }

    @Test
    void dcSyncInBothDcSyncRecordings() throws IOException {
        for (String f : List.of("covenant_dcsync_dcerpc_drsuapi_DsGetNCChanges.zip", "empire_dcsync_dcerpc_drsuapi_DsGetNCChanges.zip")) {
            List<CorrelationMatch> ms = scan(SharedData.path(ATOMIC + "credential_access/host/" + f));
            assertEquals(List.of("DCSync Replication Requests From A Non-Domain-Controller Account"), titles(ms), f);
            assertEquals("pgustavo", ms.get(0).groupBy().get("SubjectUserName"), f);
            assertEquals("critical", ms.get(0).level());
        }
    }

    @Test
    void eventLoggingDisabledThroughTheRegistry() throws IOException {
        for (String f : List.of("cmd_disable_eventlog_service_startuptype_modification_via_registry.zip",
                "psh_disable_eventlog_service_startuptype_modification.zip",
                "reg_disable_eventlog_service_startuptype_modification_via_registry.zip",
                "cmd_stop_event_logging_controlset_minint_key.zip")) {
            List<CorrelationMatch> ms = scan(SharedData.path(ATOMIC + "defense_evasion/host/" + f));
            assertEquals(List.of("Event Logging Disabled Through Several Registry Changes"), titles(ms), f);
        }
    }

    /**
     * Every archive: each analyst-facing correlation match must be in a recording of the technique it names. The
     * printed table is the benign hit rate of docs/sigma-own-rules.md.
     */
    @Test
    void onEveryRecordingTheyFireOnlyWhereTheirAttackIs() throws IOException {
        List<Path> zips;
        try (Stream<Path> s = Files.walk(SharedData.path(ATOMIC))) {
            zips = s.filter(p -> p.toString().endsWith(".zip")).sorted().toList();
        }
        assertTrue(zips.size() >= 70, "archives: " + zips.size());
        Map<String, Integer> byTitle = new TreeMap<>();
        List<String> unexpected = new ArrayList<>();
        for (Path z : zips) {
            String name = z.getFileName().toString();
            for (CorrelationMatch m : scan(z)) {
                byTitle.merge(m.title(), 1, Integer::sum);
                if (!expectedIn(m.title(), name)) {
                    unexpected.add(name + ": " + m.title() + " " + m.groupBy());
                }
            }
        }
        System.out.println("own correlation rules over " + zips.size() + " archives: " + byTitle);
        assertTrue(unexpected.isEmpty(), "correlation matches outside their attack's recordings: " + unexpected);
        assertEquals(1, byTitle.getOrDefault("Remote Service Installation (svcctl Over SMB, Then A New Service)", 0));
        assertEquals(2, byTitle.getOrDefault("DCSync Replication Requests From A Non-Domain-Controller Account", 0));
    }

    static boolean expectedIn(String title, String archive) {
        return switch (title) {
            case "Remote Service Installation (svcctl Over SMB, Then A New Service)",
                 "Admin Share Write Followed By A Service Installation" -> archive.contains("svcctl") || archive.contains("psexec");
            case "DCSync Replication Requests From A Non-Domain-Controller Account" -> archive.contains("dcsync");
            case "Event Logging Disabled Through Several Registry Changes" -> archive.contains("eventlog")
                    || archive.contains("event_logging") || archive.contains("logging_disabled");
            case "Event Log Cleared After Suspicious Activity On The Same Host",
                 "Event Log Cleared After LSASS Access On The Same Host" -> true; // the labs clear logs around each run
            default -> false;
        };
    }

    // ---- sample events for the patterns the recordings do not hold ----

    private static final long T0 = Instant.parse("2026-12-01T09:00:00Z").toEpochMilli();

    static String security(int eventId, long offsetMs, String host, Object... kv) throws IOException {
        ObjectNode e = JSON.createObjectNode();
        e.put("SourceName", "Microsoft-Windows-Security-Auditing");
        e.put("Channel", "Security");
        e.put("Hostname", host);
        e.put("EventID", eventId);
        e.put("TimeCreated", Instant.ofEpochMilli(T0 + offsetMs).toString());
        for (int i = 0; i < kv.length; i += 2) {
            e.put((String) kv[i], String.valueOf(kv[i + 1]));
        }
        return JSON.writeValueAsString(e);
    }

    static List<CorrelationMatch> scanLines(Path dir, List<String> lines) throws IOException {
        Path f = dir.resolve("sample-" + System.nanoTime() + ".jsonl");
        Files.write(f, lines);
        return scan(f);
    }

    @Test
    void passwordSprayingFromOneSourceButNotNineAccounts(@TempDir Path dir) throws IOException {
        List<String> spray = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            spray.add(security(4625, i * 20_000L, "DC01.corp.example", "TargetUserName", "user" + i,
                    "IpAddress", "10.0.0.66", "LogonType", 3, "Status", "0xc000006d"));
        }
        assertEquals(List.of("Password Spraying From One Source"), titles(scanLines(dir, spray)));
        assertEquals(List.of(), titles(scanLines(dir, spray.subList(0, 9))), "nine accounts stay under the threshold");
    }

    @Test
    void bruteForceThenSuccessButNotASuccessAlone(@TempDir Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            lines.add(security(4625, i * 5_000L, "SRV7.corp.example", "TargetUserName", "admin", "IpAddress",
                    "10.0.0.77", "LogonType", 3));
        }
        lines.add(security(4624, 90_000L, "SRV7.corp.example", "TargetUserName", "admin", "IpAddress", "10.0.0.77",
                "LogonType", 3));
        assertEquals(List.of("Brute Force Followed By A Successful Logon"), titles(scanLines(dir, lines)),
                "the burst alone is not analyst-facing (risk only); the success after it is");
        assertEquals(List.of(), titles(scanLines(dir, lines.subList(11, 13))), "one failure then a success");
        assertEquals(List.of(), titles(scanLines(dir, lines.subList(0, 12))), "a burst without success");
    }

    @Test
    void shortLivedScheduledTaskButNotAnotherTaskDeleted(@TempDir Path dir) throws IOException {
        String created = security(4698, 0, "WS12.corp.example", "TaskName", "\\Updater-7f3a", "SubjectUserName", "svc");
        String deleted = security(4699, 180_000L, "WS12.corp.example", "TaskName", "\\Updater-7f3a", "SubjectUserName", "svc");
        String other = security(4699, 180_000L, "WS12.corp.example", "TaskName", "\\GoogleUpdate", "SubjectUserName", "svc");
        assertEquals(List.of("Short-Lived Scheduled Task (Created, Then Deleted Within An Hour)"),
                titles(scanLines(dir, List.of(created, deleted))));
        assertEquals(List.of(), titles(scanLines(dir, List.of(created, other))));
    }

    @Test
    void kerberoastingButNotMachineAccountTickets(@TempDir Path dir) throws IOException {
        List<String> roast = new ArrayList<>();
        List<String> machines = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            roast.add(security(4769, i * 1_000L, "DC01.corp.example", "TargetUserName", "mallory@CORP.EXAMPLE",
                    "ServiceName", "svc_sql" + i, "TicketEncryptionType", "0x17", "Status", "0x0"));
            machines.add(security(4769, i * 1_000L, "DC01.corp.example", "TargetUserName", "mallory@CORP.EXAMPLE",
                    "ServiceName", "WS" + i + "$", "TicketEncryptionType", "0x17", "Status", "0x0"));
        }
        assertEquals(List.of("Kerberoasting (RC4 Service Tickets For Many Services)"), titles(scanLines(dir, roast)));
        assertEquals(List.of(), titles(scanLines(dir, machines)));
    }
}
