package io.centinela.sigma.correlation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.centinela.event.Event;
import io.centinela.event.EventTime;
import io.centinela.sigma.SigmaMatch;
import io.centinela.sigma.load.LoadResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.centinela.sigma.correlation.CorrelationFixture.MIN;
import static io.centinela.sigma.correlation.CorrelationFixture.SEC;
import static io.centinela.sigma.correlation.CorrelationFixture.failed;
import static io.centinela.sigma.correlation.CorrelationFixture.load;
import static io.centinela.sigma.correlation.CorrelationFixture.overFailed;
import static io.centinela.sigma.correlation.CorrelationFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Event time: out-of-order and late hits, replays, the caps, and state a stream store can keep. */
class CorrelationTimeTest {

    private static final String ID = "11110000-0000-4000-8000-000000000001";
    private static final LoadResult COUNT5 = load("base_rules.yml", overFailed(ID, "event_count", "10m", "        gte: 5"));
    private static final LoadResult RANGE = load("base_rules.yml", overFailed(ID, "event_count", "10m", "        gte: 2\n        lte: 3"));

    private static List<String> ids(CorrelationFixture.Run r) {
        return r.matches().stream().map(CorrelationMatch::id).toList();
    }

    private static List<Event> burst(String user, long... offsets) {
        List<Event> out = new ArrayList<>();
        for (long o : offsets) out.add(failed(o, user));
        return out;
    }

    @Test
    void outOfOrderWithinGraceGivesTheSameMatchesAndIds() {
        List<Event> inOrder = burst("alice", 0, 30 * SEC, 60 * SEC, 90 * SEC, 120 * SEC);
        List<Event> shuffled = List.of(inOrder.get(4), inOrder.get(0), inOrder.get(2), inOrder.get(1), inOrder.get(3));
        var a = run(COUNT5, inOrder);
        var b = run(COUNT5, shuffled);
        assertEquals(1, a.matches().size());
        assertEquals(ids(a), ids(b));
        assertEquals(a.matches().get(0).events(), b.matches().get(0).events(), "contributors listed in event-time order");
        assertEquals(0, b.counters().late());
        // Closed windows (a range) too.
        List<Event> three = burst("bob", 0, MIN, 2 * MIN);
        var c = run(RANGE, three);
        var d = run(RANGE, List.of(three.get(2), three.get(0), three.get(1)));
        assertEquals(1, c.matches().size());
        assertEquals(ids(c), ids(d));
    }

    @Test
    void hitsOlderThanTheGraceAreDroppedAndCounted() {
        CorrelationOptions o = CorrelationOptions.defaults().withGrace(Duration.ofMinutes(1));
        var r = run(COUNT5, o, burst("alice", 10 * MIN, 0, 9 * MIN + 30 * SEC));
        assertEquals(1, r.counters().late());
        assertEquals(2, r.counters().contributions());
    }

    @Test
    void replayedHitsAreIgnored() {
        Event e = failed(0, "alice");
        LoadResult twoNeeded = load("base_rules.yml", overFailed(ID, "event_count", "10m", "        gte: 2"));
        var r = run(twoNeeded, List.of(e, e));
        assertEquals(0, r.matches().size());
        assertEquals(1, r.counters().duplicates());
    }

    @Test
    void capsBoundGroupsAndHitsPerGroup() {
        CorrelationOptions o = CorrelationOptions.defaults().withCaps(3, 2);
        List<Event> evs = new ArrayList<>(burst("alice", 0, SEC, 2 * SEC, 3 * SEC, 4 * SEC));
        evs.addAll(burst("bob", 5 * SEC));
        evs.addAll(burst("carol", 6 * SEC));
        LoadResult lowBar = load("base_rules.yml", overFailed(ID, "event_count", "10m", "        gte: 99\n        lte: 100"));
        CorrelationEngine engine = CorrelationFixture.engine(lowBar, CorrelationOptions.defaults().withCaps(100, 2));
        assertEquals(1, engine.correlationCount());
        // Feed without finishing, to see the state held.
        LoadResult some = load("base_rules.yml", overFailed(ID, "event_count", "10m", "        gte: 3\n        lt: 3"));
        CorrelationSession s = new CorrelationSession(CorrelationFixture.engine(some, o));
        for (Event e : evs) s.accept(e, some.ruleSet().evaluate(e), e.origin().key(), EventTime.millis(e).orElseThrow());
        CorrelationCounters c = s.counters();
        assertEquals(2, c.evictedContributions(), c.toString());   // alice's 4th and 5th push out her oldest
        assertEquals(1, c.evictedGroups(), c.toString());          // carol pushes out alice, the least recently fed
        assertEquals(2, c.groups());
        assertEquals(2, c.heldContributions());
        // A count the cap could never hold is refused when the engine is built.
        CorrelationEngine refused = CorrelationEngine.build(COUNT5, CorrelationOptions.defaults().withCaps(4, 10));
        assertEquals(0, refused.correlationCount());
        assertTrue(refused.problems().get(0).reason().contains("per-group cap"), refused.problems().toString());
    }

    @Test
    void stateIsPlainDataThatSurvivesASerialisationRoundTrip() throws Exception {
        // Drive the pure API as a Kafka Streams processor would, writing every state through JSON between steps.
        CorrelationEngine engine = CorrelationFixture.engine(COUNT5, CorrelationOptions.defaults());
        ObjectMapper json = new ObjectMapper();
        Map<String, String> store = new HashMap<>();
        List<CorrelationMatch> out = new ArrayList<>();
        long streamTime = Long.MIN_VALUE;
        for (Event e : burst("alice", 0, 10 * SEC, 20 * SEC, 30 * SEC, 40 * SEC)) {
            long t = EventTime.millis(e).orElseThrow();
            streamTime = Math.max(streamTime, t);
            for (SigmaMatch m : COUNT5.ruleSet().evaluate(e)) {
                Hit h = engine.hit(m, e, e.origin().key(), t);
                assertNotNull(h);
                assertEquals(java.util.Set.of("User"), h.fields().keySet(), "only the fields correlations read");
                for (Routed r : engine.route(h)) {
                    String stored = store.get(r.stateKey());
                    GroupState st = stored == null ? null : json.readValue(stored, GroupState.class);
                    Step step = engine.apply(r, st, streamTime, false);
                    if (step.state() == null) store.remove(r.stateKey());
                    else store.put(r.stateKey(), json.writeValueAsString(step.state()));
                    out.addAll(step.matches());
                }
            }
        }
        var reference = run(COUNT5, burst("alice", 0, 10 * SEC, 20 * SEC, 30 * SEC, 40 * SEC));
        assertEquals(1, out.size());
        assertEquals(reference.matches().get(0).value(), out.get(0).value());
        assertEquals(5, out.get(0).eventCount());
        // The match survives JSON too (alert topic).
        CorrelationMatch back = json.readValue(json.writeValueAsString(out.get(0)), CorrelationMatch.class);
        assertEquals(out.get(0), back);
        // Expiry: once the stream time is past timespan + grace, the state is gone.
        String key = store.keySet().iterator().next();
        GroupState st = json.readValue(store.get(key), GroupState.class);
        assertFalse(engine.advance(key, st, streamTime).state() == null, "nothing expires before its time");
        int steps = 0;
        long at = streamTime;
        while (st != null) {
            at = engine.nextDeadline(key, st);
            assertTrue(at > streamTime);
            st = engine.advance(key, st, at).state();
            steps++;
        }
        assertTrue(steps <= 5, "one deadline per hit at most: " + steps);
        assertTrue(at > streamTime + 10 * MIN + 5 * MIN, "kept until the newest hit is a timespan plus grace old");
    }

    @Test
    void offlineScanReordersWithinGrace() {
        List<Event> inOrder = burst("alice", 0, 30 * SEC, 60 * SEC, 90 * SEC, 120 * SEC);
        List<Event> shuffled = List.of(inOrder.get(3), inOrder.get(4), inOrder.get(0), inOrder.get(2), inOrder.get(1));
        assertEquals(scan(inOrder), scan(shuffled));
        assertEquals(1, scan(shuffled).size());
    }

    private static List<CorrelationMatch> scan(List<Event> evs) {
        CorrelationScan s = new CorrelationScan(CorrelationFixture.engine(COUNT5, CorrelationOptions.defaults()));
        List<CorrelationMatch> out = new ArrayList<>();
        for (Event e : evs) out.addAll(s.accept(e, COUNT5.ruleSet().evaluate(e)));
        out.addAll(s.finish());
        return out;
    }
}
