package io.centinela.kafka;

import io.centinela.testkit.SharedData;
import io.centinela.testkit.EmbeddedKafkaBroker;
import com.fasterxml.jackson.databind.JsonNode;
import io.centinela.testkit.HecTestServer;
import io.centinela.pipeline.AnalysisEngines;
import io.centinela.pipeline.EngineFactory;
import io.centinela.pipeline.StandInRules;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The heartbeat's events_scored counts only what the model scored (docs/heartbeat.md). */
class HeartbeatCountsTest {

    private static List<JsonNode> heartbeats(HecTestServer hec) {
        return hec.indexed().stream().filter(e -> "centinela:heartbeat".equals(e.path("sourcetype").asText()))
                .map(e -> e.path("event")).toList();
    }

    private static long sum(List<JsonNode> beats, String field) {
        return beats.stream().mapToLong(b -> b.path(field).asLong()).sum();
    }

    @Test
    void eventsTheModelDidNotScoreAreNotCountedAsScored() throws Exception {
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker().start();
             HecTestServer hec = new HecTestServer(PipelineHarness.TOKEN)) {
            PipelineHarness h = new PipelineHarness(broker, 2);
            h.produceMix(500, true);
            var cfg = h.config(hec);
            cfg.put("heartbeat.interval.ms", 200L);
            // engines without a model: no event is scored, every parsed one goes through the rules only
            try (ConnectorService s = h.start(cfg, StandInRules.engines())) {
                h.awaitCommittedToEnd(Duration.ofSeconds(60));
                PipelineHarness.await(Duration.ofSeconds(20), () -> sum(heartbeats(hec), "events_consumed") == 500,
                        () -> "heartbeats " + heartbeats(hec));
            }
            List<JsonNode> beats = heartbeats(hec);
            long dlq = h.expectedDlq.size();
            assertEquals(0, sum(beats, "events_scored"), "no model, nothing scored: " + beats);
            assertEquals(500 - dlq, sum(beats, "events_unscored"), "parsed events analysed by the rules only");
            assertEquals(dlq, sum(beats, "dlq_count"));
            assertEquals(0, sum(beats, "events_shed"), "without a model nothing is shed");
        }
    }

    @Test
    void withTheRealModelOnlyTheEventsItScoredAreCounted() throws Exception {
        Path modelDir = SharedData.repo().resolve("models/default");
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker().start();
             HecTestServer hec = new HecTestServer(PipelineHarness.TOKEN);
             AnalysisEngines withModel = EngineFactory.create(new EngineFactory.Spec(false, List.of(), List.of(), true,
                     modelDir))) {
            PipelineHarness h = new PipelineHarness(broker, 2);
            h.produceMix(500, true);
            var cfg = h.config(hec);
            cfg.put("heartbeat.interval.ms", 200L);
            // rule-hits-first with no budget: the model scores exactly the events with a rule hit (the attacks)
            cfg.put("pipeline.scoring.policy", "rule-hits-first");
            cfg.put("pipeline.scoring.budget", 0);
            AnalysisEngines engines = new AnalysisEngines(StandInRules.mimikatzCommandLine(), null, withModel.model(),
                    withModel.fusion(), 0, null);
            try (ConnectorService s = h.start(cfg, engines)) {
                h.awaitCommittedToEnd(Duration.ofSeconds(90));
                PipelineHarness.await(Duration.ofSeconds(20), () -> sum(heartbeats(hec), "events_consumed") == 500,
                        () -> "heartbeats " + heartbeats(hec));
            }
            List<JsonNode> beats = heartbeats(hec);
            long attacks = h.expectedAlerts.size();
            long parsed = 500 - h.expectedDlq.size();
            assertEquals(50, attacks);
            assertEquals(attacks, sum(beats, "events_scored"), "the model scored the rule hits only: " + beats);
            assertEquals(parsed - attacks, sum(beats, "events_unscored"));
            // budget 0: the model could have scored every other parsed event but the policy shed them
            assertEquals(parsed - attacks, sum(beats, "events_shed"), "shed events visible in the heartbeat");
            assertEquals(parsed, sum(beats, "events_scored") + sum(beats, "events_shed"));
        }
    }
}
