package io.centinela.pipeline;

import io.centinela.event.Event;
import io.centinela.event.EventOrigin;
import io.centinela.event.EventParser;
import io.centinela.fusion.AlertFusion;
import io.centinela.fusion.FusionPolicy;
import io.centinela.model.serve.ClassifierScorer;
import io.centinela.sigma.SigmaEvaluator;
import io.centinela.sigma.SigmaMatch;
import io.centinela.testkit.SharedData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When the model cannot keep up (a tiny per-chunk budget stands in for a slow model), the events it leaves out are
 * counted as shed, with the real model and its template cache: scored + shed = events whose rules ran, and the cache
 * hits are part of the scored.
 */
class ShedCountsTest {

    private static AnalysisEngines real;

    @BeforeAll
    static void loadModel() {
        real = EngineFactory.create(new EngineFactory.Spec(false, List.of(), List.of(), true,
                SharedData.repo().resolve("models/default")));
    }

    @AfterAll
    static void close() {
        real.close();
    }

    /** Mimikatz hits the stand-in rule; "boom" makes the rule stage fail (the event is then not eligible). */
    private static List<Event> events(int n) throws Exception {
        EventParser parser = new EventParser();
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String cmd = i % 10 == 0 ? "mimikatz.exe sekurlsa::logonpasswords" : i % 10 == 1 ? "boom"
                    : "cmd.exe /c dir C:\\\\data\\\\f" + (i % 4); // 4 distinct texts: the rest are cache hits
            String json = "{\"EventID\":1,\"Channel\":\"Microsoft-Windows-Sysmon/Operational\",\"Image\":"
                    + "\"C:\\\\Windows\\\\System32\\\\cmd.exe\",\"CommandLine\":\"" + cmd + "\"}";
            out.add(parser.parse(json.getBytes(StandardCharsets.UTF_8), new EventOrigin.File("t.jsonl", i)));
        }
        return out;
    }

    private static AnalysisEngines engines() {
        SigmaEvaluator base = StandInRules.mimikatzCommandLine();
        SigmaEvaluator failing = new SigmaEvaluator() {
            @Override
            public List<SigmaMatch> evaluate(Event event) {
                if ("boom".equals(event.field("CommandLine"))) {
                    throw new IllegalStateException("rule failure for the test");
                }
                return base.evaluate(event);
            }

            @Override
            public int ruleCount() {
                return 1;
            }
        };
        return new AnalysisEngines(failing, null, real.model(), new AlertFusion(FusionPolicy.defaults()), 0, null);
    }

    @Test
    void aTinyBudgetShedsTheRestAndTheCountsAddUp() throws Exception {
        List<Event> chunk = events(40); // 4 rule hits, 4 rule failures, 32 others
        AnalysisStages.ChunkResult r = new AnalysisStages(engines(), ScoringPolicy.parse("rule-hits-first", List.of(), 2))
                .analyze(chunk, null);
        long failed = r.outcomes().stream().filter(AnalysisStages.Outcome::failed).count();
        assertEquals(4, failed);
        assertEquals(4 + 2, r.scored(), "the rule hits and a budget of 2 others");
        assertEquals(40 - 4 - 6, r.shed(), "the other eligible events were shed");
        assertEquals(40 - failed, r.scored() + r.shed());
    }

    @Test
    void underAllNothingIsShedAndCacheHitsCountAsScored() throws Exception {
        List<Event> chunk = events(40);
        ClassifierScorer scorer = (ClassifierScorer) real.model();
        AnalysisStages stages = new AnalysisStages(engines(), ScoringPolicy.all());
        AnalysisStages.ChunkResult first = stages.analyze(chunk, null);
        long hits = scorer.cache().hits();
        long misses = scorer.cache().misses();
        AnalysisStages.ChunkResult again = stages.analyze(chunk, null); // every text is in the cache now
        assertEquals(36, first.scored());
        assertEquals(0, first.shed());
        assertEquals(36, again.scored(), "answered from the cache, still scored");
        assertEquals(0, again.shed());
        assertEquals(misses, scorer.cache().misses(), "nothing reached the encoder the second time");
        assertTrue(scorer.cache().hits() - hits >= 36, "at least one hit per scored event");
    }

    @Test
    void withoutAModelNothingCountsAsShed() throws Exception {
        AnalysisStages.ChunkResult r = new AnalysisStages(StandInRules.engines(), ScoringPolicy.all())
                .analyze(events(20), null);
        assertEquals(0, r.scored());
        assertEquals(0, r.shed());
    }
}
