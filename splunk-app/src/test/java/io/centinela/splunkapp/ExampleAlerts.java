package io.centinela.splunkapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.centinela.alert.Alert;
import io.centinela.alert.HecEnvelope;
import io.centinela.alert.ModelDetection;
import io.centinela.event.Event;
import io.centinela.event.EventOrigin;
import io.centinela.event.EventParser;
import io.centinela.fusion.AlertFusion;
import io.centinela.fusion.FusionPolicy;
import io.centinela.sigma.SigmaMatch;
import io.centinela.yara.YaraMatch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Example alerts made by the analyzer's fusion code ({@link AlertFusion} with the default policy) from real events
 * in ../shared/data/ml (read in place, never copied) and constructed detections: Sigma + model on a Sysmon process
 * creation, YARA on the same kind of event's command line, YARA on a phishing e-mail's attachment, model-only on a
 * web attack, and model-only on a bare Linux auth line (the sparsest alert fusion makes).
 */
public final class ExampleAlerts {

    private static final EventParser PARSER = new EventParser();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AlertFusion FUSION = new AlertFusion(FusionPolicy.defaults());

    private ExampleAlerts() {
    }

    static Path mlData() {
        String shared = System.getProperty("centinela.shared");
        Path ml = shared == null ? null : Path.of(shared, "data", "ml");
        if (ml == null || !Files.isDirectory(ml)) {
            throw new IllegalStateException("../shared/data/ml is missing (centinela.shared=" + shared
                    + "): the CIM mapping test needs its real events; CI has them beside the clone");
        }
        return ml;
    }

    /** The first training event of a domain whose wrapper passes the test, as if read from Kafka at {@code offset}. */
    static Event mlEvent(String domain, Predicate<JsonNode> test, long offset) {
        Path f = mlData().resolve(domain).resolve("train.jsonl");
        try (BufferedReader in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode w = JSON.readTree(line);
                if (test.test(w)) {
                    return PARSER.parse(JSON.writeValueAsBytes(w.get("event")),
                            new EventOrigin.Kafka("events." + domain, 0, offset, 1_764_200_000_000L + offset));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("event in " + f + " rejected: " + e.getMessage(), e);
        }
        throw new IllegalStateException("no matching event in " + f);
    }

    static boolean malicious(JsonNode w) {
        return "malicious".equals(w.path("label").asText());
    }

    static Event sysmonProcessCreation(long offset) {
        return mlEvent("windows", w -> malicious(w) && w.path("event").path("EventID").asInt() == 1
                && w.path("event").has("CommandLine") && w.path("event").has("Hashes"), offset);
    }

    static ModelDetection model(double score) {
        return new ModelDetection("centinela-minilm", "1.0.0", score, 0.5,
                List.of(new ModelDetection.Attribution("CommandLine", 0.41), new ModelDetection.Attribution("ParentImage", 0.12)));
    }

    static Alert fuse(Event e, List<SigmaMatch> sigma, List<YaraMatch> yara, ModelDetection model) {
        return FUSION.fuse(e, sigma, yara, model).orElseThrow(() -> new AssertionError("fusion raised no alert"));
    }

    public static final SigmaMatch SIGMA_WHOAMI = new SigmaMatch("e28a5a99-da44-436d-b7a0-2afc20a5f413",
            "Whoami Utility Execution", "low", "test", List.of("attack.discovery", "attack.t1033", "car.2016-03-001"),
            "Florian Roth (Nextron Systems)", List.of("https://brica.de/alerts/alert/public/1247926/agent-tesla-keylogger-delivered-inside-a-power-iso-daa-archive/"),
            List.of("selection"), Map.of("Image", "\\whoami.exe"));

    public static final YaraMatch YARA_RECON = new YaraMatch("SUSP_Recon_Whoami_User", "local", List.of("recon"),
            Map.of("score", 70L, "author", "Centinela"), "Centinela", "CommandLine",
            List.of(new YaraMatch.MatchedString("$w", 1, 29, "C:\\windows\\system32\\whoami.exe")));

    public static final YaraMatch YARA_PDF = new YaraMatch("SUSP_Phishing_PDF_Attachment", "local", List.of("phishing"),
            Map.of("score", 80L), "Centinela", "email.attachments.file.name",
            List.of(new YaraMatch.MatchedString("$pdf", 11, 4, ".pdf")));

    public static Alert sysmonSigmaAndModel() {
        return fuse(sysmonProcessCreation(1001), List.of(SIGMA_WHOAMI), List.of(), model(0.93));
    }

    public static Alert sysmonYaraCommandLine() {
        return fuse(sysmonProcessCreation(1002), List.of(), List.of(YARA_RECON), null);
    }

    public static Alert phishingAttachment() {
        Event e = mlEvent("email", w -> malicious(w) && w.path("event").path("email").path("attachments").size() > 0, 2001);
        return fuse(e, List.of(), List.of(YARA_PDF), model(0.88));
    }

    public static Alert webAttackModelOnly() {
        Event e = mlEvent("web", w -> malicious(w) && "web-attack".equals(w.path("category").asText()), 3001);
        return fuse(e, List.of(), List.of(), model(0.81));
    }

    public static Alert linuxModelOnly() {
        try {
            Event e = PARSER.parse("{\"message\":\"Failed password for root from 203.0.113.5 port 22 ssh2\"}"
                    .getBytes(StandardCharsets.UTF_8), new EventOrigin.Kafka("events.linux", 0, 4001, 1_764_200_004_001L));
            return fuse(e, List.of(), List.of(), model(0.66));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every example, by a name that says what it is. */
    public static Map<String, Alert> all() {
        Map<String, Alert> out = new LinkedHashMap<>();
        out.put("sysmon sigma+model", sysmonSigmaAndModel());
        out.put("sysmon yara on command line", sysmonYaraCommandLine());
        out.put("phishing yara on attachment + model", phishingAttachment());
        out.put("web attack model only", webAttackModelOnly());
        out.put("linux auth model only", linuxModelOnly());
        return out;
    }

    /**
     * The event as Splunk extracts it from the connector's HEC envelope ({@link HecEnvelope}): host, source,
     * sourcetype, index, the indexed "fields", then the alert flattened like KV_MODE=json, whose values are appended
     * to same-named indexed fields (the worst case: Splunk shows both).
     */
    public static Map<String, List<String>> asIndexed(Alert alert) {
        JsonNode env = new HecEnvelope("siem-conn-01", "centinela:events", "centinela").toTree(alert);
        Map<String, List<String>> event = new LinkedHashMap<>();
        for (String meta : List.of("host", "source", "sourcetype", "index")) {
            event.put(meta, List.of(env.get(meta).asText()));
        }
        env.get("fields").fields().forEachRemaining(f -> {
            List<String> values = new ArrayList<>();
            if (f.getValue().isArray()) {
                f.getValue().forEach(v -> values.add(v.asText()));
            } else {
                values.add(f.getValue().asText());
            }
            event.put(f.getKey(), values);
        });
        KvJson.flatten(env.get("event")).forEach((k, v) -> event.merge(k, v, (a, b) -> {
            List<String> both = new ArrayList<>(a);
            both.addAll(b);
            return both;
        }));
        return event;
    }
}
