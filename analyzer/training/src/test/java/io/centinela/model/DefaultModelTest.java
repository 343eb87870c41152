package io.centinela.model;

import io.centinela.testkit.SharedData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.centinela.alert.ModelDetection;
import io.centinela.event.Event;
import io.centinela.event.EventFormat;
import io.centinela.event.EventNormalizer;
import io.centinela.event.EventOrigin;
import io.centinela.event.EventParser;
import io.centinela.event.EventRejectedException;
import io.centinela.model.metrics.BinaryMetrics;
import io.centinela.model.serve.ClassifierScorer;
import io.centinela.model.serve.ScorerOptions;
import io.centinela.model.serve.MergedModel;
import io.centinela.model.serve.DeviceChoice;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped package: loads with hash verification and separates known dev events of every domain. */
public class DefaultModelTest {

    static ClassifierScorer scorer;

    @BeforeAll
    static void open() {
        scorer = ClassifierScorer.open(SharedData.defaultModel(),
                ScorerOptions.defaults().withPrecision(MergedModel.Precision.FP32).withDevice(DeviceChoice.Mode.CPU));
    }

    @AfterAll
    static void close() {
        scorer.close();
    }

    /** The first {@code perLabel} malicious and benign events of a dev file. */
    public static List<Object[]> sample(String domain, int perLabel) throws Exception {
        ObjectMapper json = new ObjectMapper();
        EventNormalizer norm = new EventNormalizer();
        List<Object[]> out = new ArrayList<>();
        int mal = 0;
        int ben = 0;
        int line = 0;
        for (String l : Files.readAllLines(SharedData.ml().resolve(domain).resolve("dev.jsonl"))) {
            line++;
            JsonNode n = json.readTree(l);
            boolean m = n.path("label").asText().equals("malicious");
            if (n.path("category").asText().equals("web-anomaly")) {
                continue; // not a threat class for this model (docs/model.md, model card)
            }
            if (m ? mal >= perLabel : ben >= perLabel) {
                continue;
            }
            if (m) {
                mal++;
            } else {
                ben++;
            }
            Event e = norm.normalize(n.get("event"), new EventOrigin.File(domain, line), EventFormat.AUTO, l.length());
            out.add(new Object[]{e, m ? 1 : 0});
            if (mal >= perLabel && ben >= perLabel) {
                break;
            }
        }
        return out;
    }

    @Test
    void separatesKnownDevEventsInEveryDomain() throws Exception {
        // Floors well under the measured dev ROC AUC (email 0.998, web 0.997, Windows 0.678; docs/model.md).
        java.util.Map<String, Double> floor = java.util.Map.of("email", 0.95, "web", 0.9, "windows", 0.65);
        for (String domain : List.of("email", "web", "windows")) {
            List<Object[]> s = sample(domain, 30);
            List<Event> events = s.stream().map(o -> (Event) o[0]).toList();
            List<ModelDetection> d = scorer.score(events, false);
            double[] scores = d.stream().mapToDouble(ModelDetection::score).toArray();
            int[] labels = s.stream().mapToInt(o -> (Integer) o[1]).toArray();
            double auc = new BinaryMetrics(scores, labels).rocAuc();
            assertTrue(auc > floor.get(domain), domain + ": ROC AUC on 60 known dev events is " + auc);
            assertEquals(scorer.thresholdFor(domain), d.get(0).threshold(), "the domain's own threshold");
        }
    }

    @Test
    void attributionNamesRenderedFieldsAndCacheServesRepeats() throws Exception {
        List<Event> events = sample("windows", 3).stream().map(o -> (Event) o[0]).toList();
        long hits = scorer.cache().hits();
        List<ModelDetection> a = scorer.score(events, true);
        List<ModelDetection> b = scorer.score(events, true);
        assertTrue(scorer.cache().hits() > hits, "repeated texts come from the cache");
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).score(), b.get(i).score(), 0.0);
            assertFalse(a.get(i).attributions().isEmpty());
            for (ModelDetection.Attribution at : a.get(i).attributions()) {
                assertTrue(Character.isUpperCase(at.field().charAt(0)), "Windows fields by event name: " + at.field());
                assertTrue(Math.abs(at.delta()) <= 1.0);
            }
        }
    }

    @Test
    void badInputIsScoredOrRefusedWithAReason() throws Exception {
        EventNormalizer norm = new EventNormalizer();
        ObjectMapper json = new ObjectMapper();
        Event empty = norm.normalize(json.readTree("{}"), new EventOrigin.File("t", 1), EventFormat.AUTO, 2);
        Event huge = norm.normalize(json.readTree("{\"CommandLine\": \"" + "A".repeat(500_000) + "\", \"EventID\": 1}"),
                new EventOrigin.File("t", 2), EventFormat.AUTO, 500_020);
        Event surrogate = norm.normalize(json.readTree("{\"EventID\": 1, \"CommandLine\": \"a\\ud800b\"}"),
                new EventOrigin.File("t", 3), EventFormat.AUTO, 30);
        List<ModelDetection> d = scorer.score(List.of(empty, huge, surrogate), true);
        for (ModelDetection m : d) {
            assertTrue(m.score() >= 0 && m.score() <= 1, "scored: " + m.score());
        }
        byte[] latin1 = "{\"CommandLine\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        EventRejectedException e = assertThrows(EventRejectedException.class,
                () -> new EventParser().parse(latin1, new EventOrigin.File("t", 4)));
        assertEquals(EventRejectedException.Reason.INVALID_UTF8, e.reason());
    }

    @Test
    void int8AgreesWithFp32OnKnownEvents() throws Exception {
        List<Object[]> s = sample("web", 20);
        s.addAll(sample("windows", 20));
        List<String> texts = s.stream().map(o -> io.centinela.text.EventText.text((Event) o[0])).toList();
        float[] fp32 = scorer.scoreTexts(texts);
        try (ClassifierScorer q = ClassifierScorer.open(SharedData.defaultModel(), ScorerOptions.defaults()
                .withPrecision(MergedModel.Precision.INT8).withDevice(DeviceChoice.Mode.CPU).withCacheSize(0))) {
            float[] int8 = q.scoreTexts(texts);
            // Per-event scores may move on the steep middle of the sigmoid (the eval's full-dev comparison saw a
            // max of 0.24); what must hold is the decision at each event's own domain threshold and a small mean.
            int agree = 0;
            double sumDiff = 0;
            for (int i = 0; i < texts.size(); i++) {
                double t = scorer.thresholdFor(io.centinela.text.EventText.domainOfText(texts.get(i)));
                sumDiff += Math.abs(fp32[i] - int8[i]);
                assertEquals(fp32[i], int8[i], 0.3, "int8 score close to fp32 for " + texts.get(i));
                if ((fp32[i] >= t) == (int8[i] >= t)) {
                    agree++;
                }
            }
            assertTrue(sumDiff / texts.size() < 0.03, "mean |int8 - fp32| " + sumDiff / texts.size());
            assertTrue(agree >= texts.size() * 0.95, "decisions agree on " + agree + " of " + texts.size());
        }
    }
}
