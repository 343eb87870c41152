package io.centinela.model.eval.evasion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.centinela.testkit.SharedData;
import org.apache.commons.text.StringEscapeUtils;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every evasion technique on real attack rows of the dev splits: it changes the event, it is deterministic for a
 * seed, and the attack is the same once read the way its consumer reads it (the mail client renders entities
 * and hides invisible characters, the servlet container decodes and takes the first value, cmd.exe drops carets).
 */
class EvasionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<ObjectNode> attacks(String domain, int max) throws IOException {
        List<ObjectNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(SharedData.ml().resolve(domain).resolve("dev.jsonl"))) {
            JsonNode root = JSON.readTree(line);
            if ("malicious".equals(root.path("label").asText()) && !"web-anomaly".equals(root.path("category").asText())) {
                out.add((ObjectNode) root.get("event"));
                if (out.size() >= max) {
                    break;
                }
            }
        }
        assertTrue(out.size() >= Math.min(max, 10), domain + ": too few attack rows");
        return out;
    }

    private static List<ObjectNode> processStartsWithCommand(int max) throws IOException {
        List<ObjectNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(SharedData.ml().resolve("windows").resolve("dev.jsonl"))) {
            JsonNode ev = JSON.readTree(line).path("event");
            String eid = ev.path("EventID").asText();
            if ((eid.equals("1") || eid.equals("4688")) && !ev.path("CommandLine").asText("").isEmpty()) {
                out.add((ObjectNode) ev);
                if (out.size() >= max) {
                    break;
                }
            }
        }
        assertTrue(out.size() >= 10);
        return out;
    }

    /** Applies {@code ev} to each event: changed, deterministic, and {@code read(after) == read(before)}. */
    private static int check(Evasion ev, List<ObjectNode> events, String field, UnaryOperator<String> read) {
        int applied = 0;
        for (int i = 0; i < events.size(); i++) {
            ObjectNode before = events.get(i);
            ObjectNode snapshot = before.deepCopy();
            Optional<ObjectNode> after = ev.apply(before, new Random(i));
            assertEquals(snapshot, before, ev.name() + " must not modify its input");
            if (after.isEmpty()) {
                continue;
            }
            applied++;
            assertNotEquals(before, after.get(), ev.name() + " returned an unchanged event");
            assertEquals(after.get(), ev.apply(before, new Random(i)).orElseThrow(), ev.name() + " is not deterministic");
            if (field != null) {
                assertEquals(read.apply(JsonText.get(before, field)), read.apply(JsonText.get(after.get(), field)),
                        ev.name() + ": the attack changed");
            }
        }
        return applied;
    }

    private static String asDisplayed(String s) {
        String out = StringEscapeUtils.unescapeHtml4(s).replaceAll("[\u200b\u200c\u00ad\u2060]", "");
        StringBuilder sb = new StringBuilder();
        for (char c : out.toCharArray()) {
            Character latin = null;
            for (Map.Entry<Character, Character> e : Homoglyphs.LOOK_ALIKES.entrySet()) {
                if (e.getValue() == c) {
                    latin = e.getKey();
                }
            }
            sb.append(latin != null ? latin : c);
        }
        return sb.toString();
    }

    @Test
    void emailEvasionsKeepWhatTheReaderSees() throws IOException {
        List<ObjectNode> mails = attacks("email", 60);
        for (Evasion ev : List.of(new Homoglyphs(), new ZeroWidthCharacters(), new HtmlEntities())) {
            assertEquals(mails.size(), check(ev, mails, "email.body_text", EvasionsTest::asDisplayed), ev.name());
            check(ev, mails, "email.subject", EvasionsTest::asDisplayed);
        }
        ObjectNode padded = new BenignPadding().apply(mails.get(0), new Random(1)).orElseThrow();
        assertTrue(JsonText.get(padded, "email.subject").startsWith(JsonText.get(mails.get(0), "email.subject")));
        assertTrue(JsonText.get(padded, "email.body_text").endsWith(JsonText.get(mails.get(0), "email.body_text")));
        assertEquals(mails.size(), check(new BenignPadding(), mails, null, null));
    }

    @Test
    void urlShortenerReplacesEveryLinkAndOnlyApppliesToMailsWithLinks() throws IOException {
        int withLinks = 0;
        for (ObjectNode m : attacks("email", 60)) {
            Optional<ObjectNode> t = new UrlShortener().apply(m, new Random(3));
            JsonNode urls = m.path("email").path("urls");
            assertEquals(urls.isArray() && !urls.isEmpty(), t.isPresent());
            if (t.isPresent()) {
                withLinks++;
                JsonNode after = t.get().path("email").path("urls");
                assertEquals(urls.size(), after.size());
                after.forEach(u -> assertTrue(u.asText().matches("https://(bit\\.ly|tinyurl\\.com|t\\.co|is\\.gd|rb\\.gy)/\\w{7}"), u.asText()));
            }
        }
        assertTrue(withLinks > 10);
    }

    /** The parameters as a servlet container reads them: decoded, first value per name. */
    private static Map<String, String> firstValues(String query, int decodes) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String p : query.split("&")) {
            int eq = p.indexOf('=');
            if (eq > 0) {
                String v = p.substring(eq + 1);
                for (int i = 0; i < decodes; i++) {
                    v = WebParameters.decode(v);
                }
                out.putIfAbsent(p.substring(0, eq), v);
            }
        }
        return out;
    }

    @Test
    void webEvasionsDeliverTheSamePayload() throws IOException {
        List<ObjectNode> reqs = attacks("web", 200);
        String q = WebParameters.QUERY;
        assertTrue(check(new DoubleUrlEncoding(), reqs, null, null) > 20);
        assertTrue(check(new ParameterPollution(), reqs, null, null) > 20);
        assertTrue(check(new CaseChanges(), reqs, null, null) > 20);
        int sql = check(new SqlComments(), reqs, null, null);
        assertTrue(sql > 3 && sql < reqs.size(), "SQL comments apply to SQL payloads only: " + sql);
        for (int i = 0; i < reqs.size(); i++) {
            ObjectNode r = reqs.get(i);
            String query = JsonText.get(r, q);
            if (query.isEmpty()) {
                continue;
            }
            Random rnd = new Random(i);
            assertEquals(firstValues(query, 1), firstValues(JsonText.get(new DoubleUrlEncoding().apply(r, rnd).orElse(r), q), 2));
            assertEquals(firstValues(query, 1), firstValues(JsonText.get(new ParameterPollution().apply(r, rnd).orElse(r), q), 1));
            Map<String, String> cased = firstValues(JsonText.get(new CaseChanges().apply(r, rnd).orElse(r), q), 1);
            firstValues(query, 1).forEach((k, v) -> assertTrue(v.equalsIgnoreCase(cased.get(k)), v + " vs " + cased.get(k)));
            Map<String, String> commented = firstValues(JsonText.get(new SqlComments().apply(r, rnd).orElse(r), q), 1);
            firstValues(query, 1).forEach((k, v) -> assertEquals(v, commented.get(k).replace("/**/", " ")));
            ObjectNode polluted = new ParameterPollution().apply(r, rnd).orElse(r);
            if (JsonText.get(r, "url.original").endsWith("?" + query)) {
                assertTrue(JsonText.get(polluted, "url.original").endsWith("?" + JsonText.get(polluted, q)), "url.original in step");
            }
        }
    }

    @Test
    void commandLineObfuscationsRunTheSameCommand() throws IOException {
        List<ObjectNode> starts = processStartsWithCommand(80);
        // a very short command line can come out unchanged (each letter is touched with some probability)
        assertTrue(check(new CommandLineObfuscation(0), starts, "CommandLine", s -> s.replace("^", "")) >= starts.size() - 3);
        assertTrue(check(new CommandLineObfuscation(1), starts, "CommandLine", s -> s.replace("\"\"", "")) >= starts.size() - 3);
        check(new CommandLineObfuscation(2), starts, "CommandLine", s -> s.toLowerCase(Locale.ROOT));
        check(new CommandLineObfuscation(3), starts, "CommandLine", s -> s.toLowerCase(Locale.ROOT)
                .replace("%systemroot%\\system32\\windowspowershell\\v1.0\\powershell", "powershell")
                .replace("%systemroot%", "c:\\windows").replace("%comspec%", "cmd").replace("cmd.exe", "cmd"));
        ObjectNode file = JSON.createObjectNode().put("EventID", "11").put("TargetFilename", "C:\\x.txt");
        assertTrue(new CommandLineObfuscation(0).apply(file, new Random(1)).isEmpty(), "only process starts");
    }

    @Test
    void theSuiteCoversEveryTechniqueOfTheIssue() {
        List<String> names = Evasions.all().stream().map(Evasion::name).toList();
        assertEquals(List.of("benign padding", "homoglyphs", "zero-width characters", "HTML entities", "URL shortener",
                "double URL encoding", "case changes", "SQL comments", "parameter pollution", "cmd: caret",
                "cmd: empty quotes", "cmd: random case", "cmd: env variables"), names);
    }
}
