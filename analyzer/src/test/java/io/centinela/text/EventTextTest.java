package io.centinela.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.centinela.event.Event;
import io.centinela.event.EventFormat;
import io.centinela.event.EventNormalizer;
import io.centinela.event.EventOrigin;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventTextTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Event event(String json) throws Exception {
        JsonNode n = JSON.readTree(json);
        return new EventNormalizer().normalize(n, new EventOrigin.File("t", 1), EventFormat.AUTO, json.length());
    }

    @Test
    void masksGuidsHashesSidsAndBase64() {
        String s = TextMasker.mask("{3AF69DEC-79B4-0001-AD4A-09856290D601} S-1-5-21-4228717743-1032521047-1810997296-1104 "
                + "MD5=0123456789ABCDEF0123456789ABCDEF -enc SQBGACgAJABQAFMAVgBlAFIAcwBpAE8ATgBUAEEAQgBMAGUALgBQAFMA");
        assertEquals("<guid> <sid> MD5=<hex> -enc <b64>", s);
    }

    @Test
    void keepsOrdinaryWordsAndPaths() {
        String s = TextMasker.mask("C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe -NoProfile Get-ChildItem");
        assertEquals("%ps%\\powershell.exe -NoProfile Get-ChildItem", s);
        assertEquals("administrativetemplatesconfiguration", TextMasker.mask("administrativetemplatesconfiguration"));
    }

    @Test
    void replacesUnpairedSurrogatesAndControls() {
        assertEquals("a\uFFFDb c", TextMasker.sanitize("a\uD800b\u0001c"));
        assertEquals("ok \uD83D\uDE00", TextMasker.sanitize("ok \uD83D\uDE00"));
    }

    @Test
    void rendersProcessStartWithoutHostUserOrTime() throws Exception {
        Event e = event("{\"EventID\": 1, \"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"Hostname\": \"WORKSTATION5\","
                + "\"User\": \"THESHIRE\\\\pgustavo\", \"@timestamp\": \"2020-09-21T22:58:57.822Z\","
                + "\"Image\": \"C:\\\\Windows\\\\System32\\\\cmd.exe\", \"CommandLine\": \"cmd.exe /c whoami\","
                + "\"ParentImage\": \"C:\\\\Windows\\\\explorer.exe\", \"ProcessGuid\": \"{3AF69DEC-79B4-0001-AD4A-09856290D601}\"}");
        String text = EventText.text(e);
        assertEquals("process start | image: %sys%\\cmd.exe | cmd: cmd.exe /c whoami | parent: C:\\Windows\\explorer.exe", text,
                "fixed order, well-known paths shortened, GUIDs dropped");
        assertFalse(text.contains("WORKSTATION5"));
        assertFalse(text.contains("pgustavo"));
        assertFalse(text.contains("2020"));
        assertEquals(text, EventText.text(e), "deterministic");
    }

    @Test
    void rendersWebRequestDecoded() throws Exception {
        Event e = event("{\"http\": {\"request\": {\"method\": \"GET\", \"headers\": {\"Cookie\": \"JSESSIONID=ABC\"}}},"
                + "\"url\": {\"path\": \"/tienda1/publico/pagar.jsp\", \"query\": \"modo=%27%3Bwaitfor+delay+%270%3A0%3A15%27%3B--\"},"
                + "\"user_agent\": {\"original\": \"Mozilla/5.0\"}}");
        assertEquals("web | req: GET /tienda1/publico/pagar.jsp | q: modo=';waitfor delay '0:0:15';--", EventText.text(e));
    }

    @Test
    void rendersEmailWithoutDatesOrMailer() throws Exception {
        Event e = event("{\"@timestamp\": \"2023-09-08T05:47:06.000Z\", \"email\": {\"from\": {\"address\": [\"Microsoft\", "
                + "\"no-reply@access-accsecurity.com\"]}, \"subject\": \"Unusual sign-in\", \"x_mailer\": \"Outlook 16\","
                + "\"message_id\": \"<abc@x>\", \"urls\": [\"https://evil.example.net/login?x=1\"], \"attachments\": [],"
                + "\"body_text\": \"We detected   something\\nunusual.\"}}");
        assertEquals("email | subject: Unusual sign-in | from: Microsoft no-reply@access-accsecurity.com "
                + "| urls: evil.example.net | body: We detected something unusual.", EventText.text(e));
    }

    @Test
    void occlusionDropsOnePart() throws Exception {
        EventText.Rendered r = EventText.render(event("{\"EventID\": 11, \"Image\": \"C:\\\\x\\\\a.exe\", \"TargetFilename\": \"C:\\\\t\\\\b.ps1\"}"));
        assertEquals(2, r.parts().size());
        assertEquals("file create | file: C:\\t\\b.ps1", r.without(0));
        assertEquals("Image", r.parts().get(0).field());
    }

    @Test
    void genericAndEmptyEventsRender() throws Exception {
        assertEquals("event", EventText.text(event("{}")));
        String huge = "x".repeat(200_000);
        String t = EventText.text(event("{\"msg\": \"" + huge + "\"}"));
        assertTrue(t.length() <= EventText.MAX_CHARS);
    }
}
