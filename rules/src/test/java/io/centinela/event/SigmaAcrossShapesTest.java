package io.centinela.event;

import io.centinela.testkit.SharedData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.centinela.sigma.SigmaMatch;
import io.centinela.sigma.eval.CompiledRuleSet;
import io.centinela.sigma.load.LoadOptions;
import io.centinela.sigma.load.RuleLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The normalisation end to end with the real Sigma engine and SigmaHQ rules: every regression event, re-rendered
 * as the other collectors write it (Mordor/NXLog flat JSON with lower-case braced GUIDs, padded hex, numeric
 * Keywords, lower-case channel, trailing blanks; Winlogbeat raw), fires exactly the same rules as the evtx_dump
 * original; and the W3C field names given to ECS web events make SigmaHQ's web rules fire on CSIC attacks.
 */
class SigmaAcrossShapesTest {

    private static final Pattern GUID = Pattern.compile("[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static CompiledRuleSet rules;
    private final EventParser parser = new EventParser();

    @BeforeAll
    static void loadRules() throws Exception {
        Path root = SharedData.path("sigma");
        rules = new RuleLoader(LoadOptions.defaults()).load(List.of(root.resolve("rules"),
                root.resolve("rules-emerging-threats"), root.resolve("rules-threat-hunting"))).ruleSet();
        assertTrue(rules.ruleCount() > 3000, "SigmaHQ rules loaded: " + rules.ruleCount());
    }

    @Test
    void regressionEventsFireTheSameRulesInEveryWindowsShape() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(SharedData.path("sigma/regression_data"))) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        int events = 0;
        int withMatches = 0;
        List<String> differences = new ArrayList<>();
        for (Path f : files) {
            try (EventFileReader r = EventFileReader.open(f)) {
                while (r.hasNext()) {
                    EventFileReader.Document d = r.next();
                    Event evtx = d.parse(parser, EventFormat.AUTO);
                    Set<String> expected = ids(rules.evaluate(evtx));
                    Event flat = parse(toFlat(evtx.raw()));
                    Event beat = parse(toWinlogbeat(evtx.raw()));
                    assertEquals(EventFormat.FLAT_WINDOWS, flat.format());
                    assertEquals(EventFormat.WINLOGBEAT, beat.format());
                    if (!expected.equals(ids(rules.evaluate(flat)))) {
                        differences.add(d.where() + " flat: " + expected + " vs " + ids(rules.evaluate(flat)));
                    }
                    if (!expected.equals(ids(rules.evaluate(beat)))) {
                        differences.add(d.where() + " winlogbeat: " + expected + " vs " + ids(rules.evaluate(beat)));
                    }
                    events++;
                    withMatches += expected.isEmpty() ? 0 : 1;
                }
            }
        }
        assertEquals(238, events);
        assertTrue(withMatches > 200, "regression events that fire at least one rule: " + withMatches);
        assertEquals(List.of(), differences);
    }

    @Test
    void sigmaWebRulesFireOnCsicAttacksThroughTheW3cNames() throws Exception {
        Map<String, Integer> attackHits = new TreeMap<>();
        Set<String> fieldsUsed = new TreeSet<>();
        int attacks = 0;
        int attacksHit = 0;
        int benign = 0;
        int benignHit = 0;
        try (BufferedReader in = Files.newBufferedReader(SharedData.path("ml/web/train.jsonl"))) {
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode w = JSON.readTree(line);
                String category = w.path("category").asText();
                Event e = parse(JSON.writeValueAsString(w.get("event")));
                List<SigmaMatch> m = rules.evaluate(e);
                if (category.equals("web-attack")) {
                    attacks++;
                    attacksHit += m.isEmpty() ? 0 : 1;
                    m.forEach(x -> {
                        attackHits.merge(x.title(), 1, Integer::sum);
                        fieldsUsed.addAll(x.matchedFields().keySet());
                    });
                } else if (w.path("label").asText().equals("benign")) {
                    benign++;
                    benignHit += m.isEmpty() ? 0 : 1;
                }
            }
        }
        System.out.printf(Locale.ROOT, "SigmaHQ on CSIC train: %d/%d web-attack events hit, %d/%d benign hit; rules %s;"
                + " fields %s%n", attacksHit, attacks, benignHit, benign, attackHits, fieldsUsed);
        // CSIC encodes blanks as '+', which SigmaHQ's keyword lists (written for '%20' and ' ') do not cover, so
        // only a minority of attacks can fire; the point is that they fire through the W3C names at all.
        assertTrue(attacksHit >= 20, "CSIC web attacks that fire a SigmaHQ rule: " + attacksHit + "/" + attacks);
        assertTrue(fieldsUsed.stream().anyMatch(f -> f.startsWith("cs-") || f.startsWith("c-")),
                "rules matched through W3C names: " + fieldsUsed);
        assertTrue((double) benignHit / benign < (double) attacksHit / attacks, "attacks hit more often than benign");
    }

    private Event parse(String json) throws EventRejectedException {
        return parser.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), new EventOrigin.File("t", 1));
    }

    private static Set<String> ids(List<SigmaMatch> matches) {
        return matches.stream().map(SigmaMatch::id).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The evtx_dump event as NXLog/Mordor would ship it. */
    private static String toFlat(JsonNode raw) {
        JsonNode ev = raw.path("Event");
        JsonNode sys = ev.path("System");
        ObjectNode out = JSON.createObjectNode();
        out.put("EventID", sys.path("EventID").isObject() ? sys.path("EventID").path("#text").asInt()
                : sys.path("EventID").asInt());
        out.put("SourceName", sys.path("Provider").path("#attributes").path("Name").asText());
        if (sys.path("Provider").path("#attributes").has("Guid")) {
            out.put("ProviderGuid", "{" + sys.path("Provider").path("#attributes").path("Guid").asText()
                    .toLowerCase(Locale.ROOT) + "}");
        }
        out.put("Hostname", sys.path("Computer").asText());
        out.put("Channel", sys.path("Channel").asText().toLowerCase(Locale.ROOT));
        String keywords = sys.path("Keywords").asText("");
        if (keywords.startsWith("0x")) {
            out.put("Keywords", Long.parseUnsignedLong(keywords.substring(2), 16));
        }
        out.put("EventType", "INFO");
        for (String section : List.of("EventData", "UserData")) {
            JsonNode data = ev.path(section);
            if (section.equals("UserData") && data.isObject() && data.size() == 1) {
                data = data.elements().next();
            }
            if (data.isObject()) {
                data.fields().forEachRemaining(e -> {
                    if (!e.getKey().startsWith("#")) {
                        out.set(e.getKey(), restyle(e.getKey(), e.getValue()));
                    }
                });
            }
        }
        return out.toString();
    }

    /** The evtx_dump event as Winlogbeat (raw, no ECS processors) would ship it. */
    private static String toWinlogbeat(JsonNode raw) {
        JsonNode ev = raw.path("Event");
        JsonNode sys = ev.path("System");
        ObjectNode out = JSON.createObjectNode();
        ObjectNode winlog = out.putObject("winlog");
        String id = sys.path("EventID").isObject() ? sys.path("EventID").path("#text").asText()
                : sys.path("EventID").asText();
        winlog.put("event_id", id);
        out.putObject("event").put("code", id);
        winlog.put("channel", sys.path("Channel").asText());
        winlog.put("provider_name", sys.path("Provider").path("#attributes").path("Name").asText());
        winlog.put("computer_name", sys.path("Computer").asText());
        ObjectNode data = winlog.putObject("event_data");
        JsonNode src = ev.path("EventData");
        if (src.isObject()) {
            src.fields().forEachRemaining(e -> {
                if (!e.getKey().startsWith("#")) {
                    JsonNode v = e.getValue();
                    data.set(e.getKey(), v.isNumber() ? JSON.getNodeFactory().textNode(v.asText()) : v);
                }
            });
        }
        JsonNode user = ev.path("UserData");
        if (user.isObject()) {
            winlog.set("user_data", user.size() == 1 ? user.elements().next() : user);
        }
        return out.toString();
    }

    /** NXLog renderings: GUIDs lower case with braces, numbers as strings, hex padded, CommandLine with a blank. */
    private static JsonNode restyle(String name, JsonNode v) {
        var f = JSON.getNodeFactory();
        if (v.isNull()) {
            return f.textNode("");
        }
        if (v.isNumber()) {
            return f.textNode(v.asText());
        }
        if (!v.isTextual()) {
            return v;
        }
        String s = v.textValue();
        if (GUID.matcher(s).matches()) {
            return f.textNode("{" + s.toLowerCase(Locale.ROOT) + "}");
        }
        if (name.equals("GrantedAccess") && s.matches("0x[0-9a-fA-F]+")) {
            return f.textNode(String.format("0x%08X", Long.parseLong(s.substring(2), 16)));
        }
        if (name.equals("CommandLine")) {
            return f.textNode(s + " ");
        }
        return v;
    }
}
