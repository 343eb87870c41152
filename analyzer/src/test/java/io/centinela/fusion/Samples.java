package io.centinela.fusion;

import io.centinela.testkit.SharedData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.centinela.alert.ModelDetection;
import io.centinela.event.Event;
import io.centinela.event.EventFileReader;
import io.centinela.event.EventFormat;
import io.centinela.event.EventOrigin;
import io.centinela.event.EventParser;
import io.centinela.sigma.SigmaMatch;
import io.centinela.yara.YaraMatch;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Real normalised events from ../shared/data and constructed detections, shared by the fusion and schema tests. */
final class Samples {

    private static final EventParser PARSER = new EventParser();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Samples() {
    }

    /** The Sysmon 1 regression event of SigmaHQ's CVE-2026-33829 rule (evtx_dump), from a file origin. */
    static Event sysmonProcessCreation() throws Exception {
        Path f = SharedData.path("sigma/regression_data/rules-emerging-threats/2026/Exploits/CVE-2026-33829/"
                + "proc_creation_win_exploit_cve_2026_33829/7c3a5b1d-9e2f-4a8c-b5d7-1e0f3c6a9b2d.json");
        try (EventFileReader r = EventFileReader.open(f)) {
            return r.next().parse(PARSER, EventFormat.AUTO);
        }
    }

    /** The first ML training event of a domain (windows, web, email) matching the test, as if read from Kafka. */
    static Event mlEvent(String domain, Predicate<JsonNode> wrapperTest, long offset) throws Exception {
        Path f = SharedData.path("ml/" + domain + "/train.jsonl");
        try (BufferedReader in = Files.newBufferedReader(f)) {
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode w = JSON.readTree(line);
                if (wrapperTest.test(w)) {
                    return PARSER.parse(JSON.writeValueAsBytes(w.get("event")),
                            new EventOrigin.Kafka("events." + domain, 0, offset, 1_700_000_000_000L));
                }
            }
        }
        throw new AssertionError("no matching event in " + f);
    }

    static SigmaMatch sigma(String id, String title, String level, List<String> tags, Map<String, String> fields) {
        return new SigmaMatch(id, title, level, "test", tags, "Test Author", List.of("https://example.org/rule"),
                List.of("selection"), fields);
    }

    static YaraMatch yara(String rule, Map<String, Object> meta, String field) {
        return new YaraMatch(rule, "local", List.of("powershell", "t1059_001"), meta, "Test Author", field,
                List.of(new YaraMatch.MatchedString("$e", 17, 24, " -enc SQBGACgAJABQAFMAVgBl")));
    }

    static ModelDetection model(double score) {
        return new ModelDetection("centinela-minilm", "1.0.0", score, 0.5,
                List.of(new ModelDetection.Attribution("CommandLine", 0.41),
                        new ModelDetection.Attribution("ParentImage", 0.12),
                        new ModelDetection.Attribution("User", -0.02)));
    }
}
