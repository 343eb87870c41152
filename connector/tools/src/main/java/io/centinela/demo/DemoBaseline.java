package io.centinela.demo;

import io.centinela.baseline.SiteBaseline;
import io.centinela.event.Event;
import io.centinela.event.EventFormat;
import io.centinela.event.EventOrigin;
import io.centinela.event.EventParser;
import io.centinela.model.ThreatScorer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The demo's pre-built site baseline: the generator's background traffic (no attack scenarios) of a seed other than
 * the demo stream's, embedded by the demo's own model and learned as traffic the operator vouches for (contributor
 * cap off, as {@code baseline build --cap 0}). Why pre-built rather than warmed up on the stream's first part: the
 * generator has a handful of hosts and clients and compresses hours of activity into seconds of event time, so the
 * per-contributor cap (50 per hour) keeps most kinds cold for most of a 20,000-event run, and every event of a cold
 * kind the classifier flags is a model-alone alert (measured: 2,007 of 2,049 model-alone alerts came from cold
 * kinds; docs/baseline.md). A site starts the service with a baseline built from its own vetted logs the same way.
 */
public final class DemoBaseline {

    private static final int BATCH = 256;

    private DemoBaseline() {
    }

    /** The first {@code events} background events (no attack scenarios) of {@code seed}, parsed as the demo's topics are. */
    public static List<Event> background(long seed, int events) {
        Map<String, EventFormat> formats = Map.of(EventGenerator.SYSMON, EventFormat.EVTX_JSON,
                EventGenerator.WEB, EventFormat.ECS_WEB, EventGenerator.EMAIL, EventFormat.ECS_EMAIL);
        EventParser parser = new EventParser();
        List<EventGenerator.Generated> generated = new EventGenerator(seed).generate(events, 0);
        List<Event> out = new ArrayList<>(generated.size());
        for (int i = 0; i < generated.size(); i++) {
            EventGenerator.Generated g = generated.get(i);
            try {
                out.add(parser.parse(g.value(), new EventOrigin.Kafka(g.topic(), 0, i, 0L),
                        formats.getOrDefault(g.topic(), EventFormat.AUTO)));
            } catch (io.centinela.event.EventRejectedException e) {
                throw new IllegalStateException("the generator made an event the parser refuses: " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** Learns {@code events} background events of {@code seed} and saves the baseline to {@code file}. */
    public static SiteBaseline.Summary build(ThreatScorer model, long seed, int events, int warmUpEvents, Path file)
            throws IOException {
        List<Event> stream = background(seed, events);
        SiteBaseline.Settings settings = SiteBaseline.Settings.defaults().withMaxPerContributorPerWindow(0)
                .withWarmUpEvents(warmUpEvents);
        try (SiteBaseline b = SiteBaseline.create(settings)) {
            for (int s = 0; s < stream.size(); s += BATCH) {
                List<Event> batch = stream.subList(s, Math.min(stream.size(), s + BATCH));
                List<ThreatScorer.Embedded> scored = model.scoreEmbedded(batch, false);
                List<SiteBaseline.Sample> samples = new ArrayList<>(batch.size());
                for (int i = 0; i < batch.size(); i++) {
                    ThreatScorer.Embedded v = scored.get(i);
                    if (v.embedding() != null) {
                        samples.add(SiteBaseline.sample(batch.get(i), v.kind(), v.text(), v.embedding(),
                                v.detection().score() >= v.detection().threshold(), false, false, 0L));
                    }
                }
                b.learn(samples);
            }
            b.save(file);
            return b.summary();
        }
    }
}
