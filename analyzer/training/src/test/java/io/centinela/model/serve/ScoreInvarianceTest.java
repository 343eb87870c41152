package io.centinela.model.serve;

import io.centinela.model.DefaultModelTest;
import io.centinela.testkit.SharedData;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.centinela.alert.Alert;
import io.centinela.alert.AlertJson;
import io.centinela.alert.ModelDetection;
import io.centinela.event.Event;
import io.centinela.fusion.AlertFusion;
import io.centinela.fusion.FusionPolicy;
import io.centinela.model.pkg.ModelPackage;
import io.centinela.sigma.SigmaMatch;
import io.centinela.text.EventText;
import io.centinela.text.ModelTokenizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same event gets the same score, to the last bit, whatever batch it lands in (issue 12, item 5): the int8
 * graph quantises each row with its own scale (RowQuantizer), so neither the other sequences of a batch nor the
 * padding reach an event's score; and two runs over the same events in different batch arrangements give the
 * same alerts and alert ids. Real shipped model, real dev events of every domain.
 */
class ScoreInvarianceTest {

    static List<Event> events;
    static List<String> texts;

    @BeforeAll
    static void load() throws Exception {
        events = new ArrayList<>();
        for (String domain : List.of("email", "web", "windows")) {
            DefaultModelTest.sample(domain, 6).forEach(o -> events.add((Event) o[0]));
        }
        texts = events.stream().map(EventText::text).toList();
    }

    @Test
    void int8ScoresDoNotDependOnBatchOrPadding() throws Exception {
        assertBatchInvariant(MergedModel.Precision.INT8);
    }

    @Test
    void fp32ScoresDoNotDependOnBatchOrPadding() throws Exception {
        assertBatchInvariant(MergedModel.Precision.FP32);
    }

    private static void assertBatchInvariant(MergedModel.Precision precision) throws Exception {
        ModelPackage pkg = ModelPackage.load(SharedData.defaultModel());
        MergedModel.Built built = MergedModel.build(pkg, precision, MergedModel.defaultCacheDir());
        try (ModelTokenizer tok = ModelTokenizer.fromFile(pkg.tokenizer(), pkg.config().maxLength())
                .withDomainMaxLength(pkg.config().domainMaxLength());
             EncoderSession session = new EncoderSession(built, 2, DeviceChoice.decide(DeviceChoice.Mode.CPU))) {
            long[][] ids = tok.encode(texts);
            float[] alone = new float[ids.length];
            for (int i = 0; i < ids.length; i++) {
                alone[i] = session.score(List.of(ids[i]))[0];
            }
            Random rnd = new Random(12);
            for (int size : new int[] {1, 7, ids.length}) {
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < ids.length; i++) {
                    order.add(i);
                }
                Collections.shuffle(order, rnd);
                int padTo = size == 1 ? pkg.config().maxLength() : 0; // one sequence padded to the longest allowed
                for (int s = 0; s < order.size(); s += size) {
                    List<Integer> group = order.subList(s, Math.min(order.size(), s + size));
                    float[] got = session.score(group.stream().map(i -> ids[i]).toList(), padTo);
                    for (int k = 0; k < got.length; k++) {
                        int i = group.get(k);
                        float g = got[k];
                        String where = "in a shuffled batch of " + size + (padTo > 0 ? " padded to " + padTo : "");
                        assertEquals(Float.floatToIntBits(alone[i]), Float.floatToIntBits(g),
                                () -> precision + " score of event " + i + " alone " + alone[i] + ", " + where + ": " + g);
                    }
                }
            }
        }
    }

    /** Two runs over the same events, arranged differently into scorer calls and batches: the same alerts. */
    @Test
    void alertsAndAlertIdsAreTheSameAcrossBatchArrangements() throws Exception {
        ScorerOptions options = ScorerOptions.defaults().withDevice(DeviceChoice.Mode.CPU).withCacheSize(0);
        Map<String, String> first;
        Map<String, String> second;
        try (ClassifierScorer scorer = ClassifierScorer.open(SharedData.defaultModel(), options)) {
            assertEquals(MergedModel.Precision.INT8, options.precision(), "the connector's default precision");
            List<ModelDetection> one = new ArrayList<>();
            for (Event e : events) {
                one.addAll(scorer.score(List.of(e), true)); // each event with only its own occlusion variants
            }
            first = alerts(events, one);
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                order.add(i);
            }
            Collections.shuffle(order, new Random(5));
            ModelDetection[] shuffled = new ModelDetection[events.size()];
            for (int s = 0; s < order.size(); s += 7) {
                List<Integer> chunk = order.subList(s, Math.min(order.size(), s + 7));
                List<ModelDetection> d = scorer.score(chunk.stream().map(events::get).toList(), true);
                for (int k = 0; k < chunk.size(); k++) {
                    shuffled[chunk.get(k)] = d.get(k);
                }
            }
            second = alerts(events, List.of(shuffled));
        }
        assertTrue(first.size() > events.size(), "besides one rule alert per event, some model-only alerts");
        assertEquals(first.keySet(), second.keySet(), "the same alert ids");
        for (String id : first.keySet()) {
            String a = first.get(id);
            String b = second.get(id);
            assertTrue(a.equals(b), () -> "alert " + id + " differs; model part " + modelPart(a) + " vs " + modelPart(b));
        }
    }

    private static String modelPart(String alertJson) {
        int from = alertJson.indexOf("\"model\":{");
        int to = alertJson.indexOf("\"reasons\"");
        return from < 0 || to < from ? "(none)" : alertJson.substring(from, to);
    }

    /** Alert JSON by alert id: each event fused with the model alone and with a rule hit next to the model. */
    private static Map<String, String> alerts(List<Event> events, List<ModelDetection> model) throws Exception {
        AlertFusion fusion = new AlertFusion(FusionPolicy.defaults(), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
        ObjectMapper json = AlertJson.mapper();
        SigmaMatch rule = new SigmaMatch("test-rule", "Test rule", "medium", "test", List.of(), "Test", List.of(),
                List.of("selection"), Map.of());
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < events.size(); i++) {
            for (List<SigmaMatch> sigma : List.of(List.<SigmaMatch>of(), List.of(rule))) {
                Alert a = fusion.fuse(events.get(i), sigma, List.of(), model.get(i)).orElse(null);
                if (a != null) {
                    out.put(a.alertId(), json.writeValueAsString(a));
                }
            }
        }
        return out;
    }
}
