package io.centinela.yara;

import io.centinela.testkit.SharedData;
import io.centinela.event.Event;
import io.centinela.event.EventKind;
import io.centinela.yara.policy.EventScanResult;
import io.centinela.yara.policy.FieldSpec;
import io.centinela.yara.policy.PolicyEventScanner;
import io.centinela.yara.policy.RuleGroup;
import io.centinela.yara.policy.ScanPolicy;
import io.centinela.yara.policy.ScanTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScanPolicyTest {

    private static List<String> fields(List<ScanTarget> targets) {
        return targets.stream().map(ScanTarget::field).toList();
    }

    @Test
    void windowsEventsScanCommandLinesAndScriptBlocks() {
        Event e = Events.parse("""
                {"EventID":4104,"Channel":"Microsoft-Windows-PowerShell/Operational","Computer":"ws1",
                 "ScriptBlockText":"Get-ChildItem","CommandLine":"powershell.exe -nop","User":"CORP\\\\alice"}""");
        assertEquals(EventKind.WINDOWS, e.kind());
        List<ScanTarget> t = ScanPolicy.defaults().targets(e);
        assertEquals(List.of("CommandLine", "ScriptBlockText"), fields(t));
        assertTrue(t.stream().noneMatch(ScanTarget::isContent));
    }

    @Test
    void webEventsScanUrlAndBodyFromTheEcsShape() {
        Event e = Events.parse("""
                {"event":{"category":["web"]},"http":{"request":{"method":"POST","body":{"content":"a=1&b=2"}}},
                 "url":{"original":"http://h/x?id=1","path":"/x"},"user_agent":{"original":"Mozilla"}}""");
        assertEquals(List.of("url.original", "http.request.body.content"), fields(ScanPolicy.defaults().targets(e)));
    }

    @Test
    void emailAttachmentsAreBase64DecodedWhenContentIsPresent() {
        String b64 = Base64.getMimeEncoder().encodeToString("attachment bytes \u0001\u0002".repeat(20)
                .getBytes(StandardCharsets.ISO_8859_1));
        Event e = Events.parse("{\"email\":{\"subject\":\"hi\",\"body_text\":\"see attached\",\"attachments\":["
                + "{\"file\":{\"name\":\"a.bin\",\"content\":" + Events.quote(b64) + "}},"
                + "{\"file\":{\"name\":\"b.txt\",\"content\":\"not base64 at all!\"}},"
                + "{\"file\":{\"name\":\"c.pdf\",\"size\":10}}]}}");
        List<ScanTarget> t = ScanPolicy.defaults().targets(e);
        assertEquals(List.of("email.subject", "email.body_text", "email.attachments.file.content[0]",
                "email.attachments.file.content[1]"), fields(t));
        assertArrayEquals(Base64.getMimeDecoder().decode(b64), t.get(2).data());
        assertTrue(t.get(2).isContent());
        assertEquals("not base64 at all!", new String(t.get(3).data(), StandardCharsets.UTF_8), "invalid base64 is scanned as it is");
    }

    @Test
    void userNamedFieldsAndRawPathsWithDottedKeys() {
        Event e = Events.parse("{\"custom\":{\"blob\":\"abc\"},\"flat.dotted.key\":\"xyz\",\"CommandLine\":\"cmd /c x\"}");
        ScanPolicy p = ScanPolicy.defaults().withExtraFields(List.of(FieldSpec.parse("custom.blob"),
                FieldSpec.parse("flat.dotted.key:content"), FieldSpec.parse("CommandLine")));
        List<ScanTarget> t = p.targets(e);
        assertEquals(List.of("CommandLine", "custom.blob", "flat.dotted.key"), fields(t), "the same text is scanned once");
        assertTrue(t.get(2).isContent());
        assertThrows(IllegalArgumentException.class, () -> FieldSpec.parse("x:zip"));
        ScanPolicy onlyUrl = ScanPolicy.defaults().withFields(EventKind.GENERIC, List.of(FieldSpec.text("custom.blob")));
        assertEquals(List.of("custom.blob"), fields(onlyUrl.targets(e)));
    }

    @Test
    void moduleRulesRunOnlyOnContentWithMatchingMagic(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("elf_any.yar"), "import \"elf\"\nrule elf_any { condition: true }\n");
        Files.writeString(dir.resolve("pe_any.yar"), "import \"pe\"\nrule pe_any { condition: true }\n");
        Files.writeString(dir.resolve("math_any.yar"), "import \"math\"\nrule math_any { condition: true }\n");
        Files.writeString(dir.resolve("plain.yar"), "rule plain_any { condition: true }\n");
        byte[] elf = Files.readAllBytes(SharedData.yara("testdata/hello_elf"));
        String elfB64 = Base64.getEncoder().encodeToString(elf);
        String txtB64 = Base64.getEncoder().encodeToString("hello".getBytes(StandardCharsets.US_ASCII));
        String mzB64 = Base64.getEncoder().encodeToString("MZ\u0090\u0000rest".getBytes(StandardCharsets.ISO_8859_1));
        try (YaraEngine engine = YaraEngine.start(YaraConfig.defaults(List.of(dir)).withBundledRules(false));
             PolicyEventScanner scanner = engine.newScanner()) {
            assertEquals(1, engine.rules().group(RuleGroup.ELF).ruleCount());
            assertEquals(1, engine.rules().group(RuleGroup.PE).ruleCount());
            assertEquals(1, engine.rules().group(RuleGroup.CONTENT).ruleCount());
            assertEquals(1, engine.rules().group(RuleGroup.TEXT).ruleCount());
            assertEquals(List.of("plain_any@CommandLine"),
                    hits(scanner.scanDetailed(Events.parse("{\"CommandLine\":\"\\u007fELF MZ text\"}"))));
            Event mail = Events.parse("{\"email\":{\"attachments\":[{\"file\":{\"content\":\"" + elfB64 + "\"}},"
                    + "{\"file\":{\"content\":\"" + txtB64 + "\"}},{\"file\":{\"content\":\"" + mzB64 + "\"}}]}}");
            String f = "email.attachments.file.content";
            assertEquals(List.of("plain_any@" + f + "[0]", "math_any@" + f + "[0]", "elf_any@" + f + "[0]",
                    "plain_any@" + f + "[1]", "math_any@" + f + "[1]",
                    "plain_any@" + f + "[2]", "math_any@" + f + "[2]", "pe_any@" + f + "[2]"), hits(scanner.scanDetailed(mail)));
        }
    }

    @Test
    void eventTypeExternalIsFileForContentAndTheKindForText() {
        // The shared pipeline rules: ELF_Header_Only_When_File_Event needs event_type == "file".
        byte[] elf;
        try {
            elf = Files.readAllBytes(SharedData.yara("testdata/hello_elf"));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        String latin1 = new String(elf, StandardCharsets.ISO_8859_1);
        Event e = Events.parse("{\"attachment\":{\"content_b64\":\"" + Base64.getEncoder().encodeToString(elf)
                + "\"},\"CommandLine\":" + Events.quote(latin1.substring(0, 64)) + "}");
        try (YaraEngine engine = YaraEngine.start(YaraConfig.defaults(List.of(SharedData.yara("rules/local")))
                .withBundledRules(false));
             PolicyEventScanner scanner = engine.newScanner()) {
            List<String> h = hits(scanner.scanDetailed(e));
            assertEquals(List.of("ELF_Header_Only_When_File_Event@attachment.content_b64"), h);
        }
    }

    @Test
    void binaryDataInTextFieldsAndOversizedFields(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("r.yar"), "rule marker { strings: $m = \"MARK\" condition: $m }\n");
        String binary = "\u0000\u0001\u00ff\ud83d\ude00 MARK \u0007";
        String huge = "x".repeat(300_000) + "MARK";
        Event e = Events.parse("{\"CommandLine\":" + Events.quote(binary) + ",\"ScriptBlockText\":" + Events.quote(huge) + "}");
        YaraConfig config = YaraConfig.defaults(List.of(dir)).withBundledRules(false)
                .withLimits(ScanLimits.DEFAULT.withMaxBytesPerField(100_000));
        try (YaraEngine engine = YaraEngine.start(config); PolicyEventScanner scanner = engine.newScanner()) {
            EventScanResult r = scanner.scanDetailed(e);
            assertEquals(List.of("marker@CommandLine"), hits(r), "the mark past the byte cap is not seen");
            // UTF-8 bytes: NUL, 0x01, U+00FF (2 bytes), U+1F600 (4 bytes), space: MARK at offset 9.
            assertEquals(9, r.matches().get(0).strings().get(0).offset());
            assertEquals(1, r.problems().size());
            EventScanResult.FieldOutcome cut = r.problems().get(0);
            assertEquals("ScriptBlockText", cut.field());
            assertTrue(cut.truncated());
            assertEquals(100_000, cut.bytesScanned());
        }
    }

    static List<String> hits(EventScanResult r) {
        return r.matches().stream().map(m -> m.rule() + "@" + m.scannedField()).toList();
    }
}
