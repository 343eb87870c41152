package io.centinela.tools.soak;

import io.centinela.alert.Alert;
import io.centinela.event.Event;
import io.centinela.event.EventFormat;
import io.centinela.event.EventNormalizer;
import io.centinela.event.EventOrigin;
import io.centinela.event.EventParser;
import io.centinela.event.EventRejectedException;
import io.centinela.pipeline.AnalysisEngines;
import io.centinela.sigma.SigmaMatch;
import io.centinela.yara.EventScanner;
import io.centinela.yara.YaraMatch;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the connector must have done with the soak's records: every record of the source topics, read back from the
 * broker (so with the offsets the connector saw) and run through the same engines in this JVM, the connector's
 * worker path without the delivery (parse -> Sigma -> YARA -> fusion; the model is off in the soak). Alert ids are
 * deterministic (origin + detections), so they can be compared with what HEC indexed.
 *
 * @param alerts  "topic/partition/offset" -> alert id, for every record that must raise an alert
 * @param rejects "topic/partition/offset" -> the rejection reason, for every record that must go to the DLQ
 */
record SoakExpectation(long records, Map<String, String> alerts, Map<String, String> rejects) {

    static SoakExpectation compute(String bootstrap, List<String> topics, AnalysisEngines engines, int maxEventBytes) {
        EventParser parser = new EventParser(maxEventBytes, EventParser.DEFAULT_MAX_DEPTH, new EventNormalizer());
        Map<String, String> alerts = new HashMap<>();
        Map<String, String> rejects = new HashMap<>();
        long[] n = {0};
        try (EventScanner scanner = engines.yara() == null ? null : engines.yara().get()) {
            TopicReader.readAll(bootstrap, topics, r -> {
                n[0]++;
                String key = r.topic() + "/" + r.partition() + "/" + r.offset();
                Event e;
                try {
                    e = parser.parse(r.value(), new EventOrigin.Kafka(r.topic(), r.partition(), r.offset(), r.timestamp()),
                            EventFormat.AUTO);
                } catch (EventRejectedException ex) {
                    rejects.put(key, ex.reason().name());
                    return;
                }
                List<SigmaMatch> s = engines.sigma() == null ? List.of() : engines.sigma().evaluate(e);
                List<YaraMatch> y = scanner == null ? List.of() : scanner.scan(e);
                Optional<Alert> a = engines.fusion().fuse(e, s, y, null);
                a.ifPresent(alert -> alerts.put(key, alert.alertId()));
            });
        }
        return new SoakExpectation(n[0], alerts, rejects);
    }
}
