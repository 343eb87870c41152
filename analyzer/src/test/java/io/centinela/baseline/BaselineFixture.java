package io.centinela.baseline;

import io.centinela.testkit.SharedData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.centinela.event.Event;
import io.centinela.event.EventFormat;
import io.centinela.event.EventNormalizer;
import io.centinela.event.EventOrigin;
import io.centinela.model.serve.ClassifierScorer;
import io.centinela.model.serve.DeviceChoice;
import io.centinela.model.serve.MergedModel;
import io.centinela.model.serve.ScorerOptions;
import io.centinela.text.EventText;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * One scorer (the shipped package, fp32 on the CPU) and real events shared by the baseline tests of this JVM:
 * the first requests of ../shared/data/ml/ood/web and a few CSIC dev attacks, rendered and embedded once.
 */
final class BaselineFixture {

    /** An event with everything the baseline and fusion need. */
    record Encoded(Event event, EventText.Rendered rendered, float score, float[] embedding, double threshold,
                   boolean suspect) {
        /** As a stream would give it: suspect_pattern probes as a scanner rule's hits, model alert as given. */
        SiteBaseline.Sample sample(boolean modelAlert) {
            return SiteBaseline.sample(event, rendered.kind(), rendered.text(), embedding, score >= threshold,
                    suspect, modelAlert, 0L);
        }
    }

    static final int OOD_EVENTS = 400;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ClassifierScorer scorer;
    private static List<Encoded> ood;
    private static List<Encoded> attacks;

    private BaselineFixture() {
    }

    static synchronized ClassifierScorer scorer() {
        if (scorer == null) {
            scorer = ClassifierScorer.open(SharedData.defaultModel(), ScorerOptions.defaults()
                    .withPrecision(MergedModel.Precision.FP32).withDevice(DeviceChoice.Mode.CPU));
            Runtime.getRuntime().addShutdownHook(new Thread(scorer::close));
        }
        return scorer;
    }

    static Path oodWeb() {
        return SharedData.ml().resolve("ood/web/apache-site.jsonl");
    }

    /** The first {@link #OOD_EVENTS} requests of the real site, in time order. */
    static synchronized List<Encoded> ood() throws Exception {
        if (ood == null) {
            ood = read(oodWeb(), w -> true, OOD_EVENTS);
        }
        return ood;
    }

    /** 20 CSIC dev attacks (SQLi, XSS, ...): traffic of another site the model knows as malicious. */
    static synchronized List<Encoded> attacks() throws Exception {
        if (attacks == null) {
            attacks = read(SharedData.ml().resolve("web/dev.jsonl"),
                    w -> w.path("category").asText().equals("web-attack"), 20);
        }
        return attacks;
    }

    private static List<Encoded> read(Path file, Predicate<JsonNode> keep, int max) throws Exception {
        EventNormalizer norm = new EventNormalizer();
        List<Event> events = new ArrayList<>();
        List<Boolean> suspect = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file)) {
            String line;
            long n = 0;
            while ((line = r.readLine()) != null && events.size() < max) {
                n++;
                JsonNode w = JSON.readTree(line);
                if (keep.test(w)) {
                    events.add(norm.normalize(w.get("event"), new EventOrigin.File(file.toString(), n),
                            EventFormat.AUTO, line.length()));
                    suspect.add(w.path("meta").path("suspect_pattern").asBoolean(false));
                }
            }
        }
        List<EventText.Rendered> rendered = events.stream().map(EventText::render).toList();
        ClassifierScorer.Embeddings e = scorer().embedTexts(rendered.stream().map(EventText.Rendered::text).toList());
        List<Encoded> out = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            out.add(new Encoded(events.get(i), rendered.get(i), e.scores()[i], e.vectors()[i],
                    scorer().thresholdFor(rendered.get(i).domain()), suspect.get(i)));
        }
        return out;
    }

    static List<SiteBaseline.Sample> samples(List<Encoded> events) {
        return events.stream().map(e -> e.sample(false)).toList();
    }

    /** Learns {@code events} in batches of 100, as the connector would (a batch per poll). */
    static void learnInBatches(SiteBaseline b, List<Encoded> events) {
        List<SiteBaseline.Sample> s = samples(events);
        for (int i = 0; i < s.size(); i += 100) {
            b.learn(s.subList(i, Math.min(s.size(), i + 100)));
        }
    }
}
