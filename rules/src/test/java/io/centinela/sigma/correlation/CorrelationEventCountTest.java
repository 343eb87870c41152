package io.centinela.sigma.correlation;

import io.centinela.event.Event;
import io.centinela.sigma.load.LoadResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.centinela.sigma.correlation.CorrelationFixture.MIN;
import static io.centinela.sigma.correlation.CorrelationFixture.SEC;
import static io.centinela.sigma.correlation.CorrelationFixture.T0;
import static io.centinela.sigma.correlation.CorrelationFixture.failed;
import static io.centinela.sigma.correlation.CorrelationFixture.load;
import static io.centinela.sigma.correlation.CorrelationFixture.overFailed;
import static io.centinela.sigma.correlation.CorrelationFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** event_count: the specification's "many failed logins" example, sliding windows, re-fire, every operator. */
class CorrelationEventCountTest {

    private static final String ID = "79f7cd9a-4331-4b8e-8d2f-502ecdcb5714";

    private static LoadResult rules(String timespan, String condition) {
        return load("base_rules.yml", overFailed(ID, "event_count", timespan, condition));
    }

    @Test
    void firesOnTheHitThatReachesTheCountPerGroup() {
        List<Event> evs = new ArrayList<>();
        for (int i = 0; i < 10; i++) evs.add(failed(i * 50 * SEC, "alice"));
        for (int i = 0; i < 9; i++) evs.add(failed(i * 50 * SEC, "bob"));
        var r = run(rules("10m", "        gte: 10"), evs);
        assertEquals(1, r.matches().size(), r.matches().toString());
        CorrelationMatch m = r.matches().get(0);
        assertEquals(Map.of("User", "alice"), m.groupBy());
        assertEquals(10, m.value());
        assertEquals(10, m.eventCount());
        assertEquals("gte 10", m.condition());
        assertEquals("event_count", m.type());
        assertEquals(ID, m.ruleId());
        assertEquals("medium", m.level());
        assertEquals(T0 + 450 * SEC, m.windowEnd());
        assertEquals(T0 + 450 * SEC - 10 * MIN, m.windowStart());
        assertEquals(T0, m.firstEventTime());
        assertEquals(10, m.events().size());
        assertEquals(evs.get(0).origin().key(), m.events().get(0));
        assertTrue(m.excerpts().get(0).contains("EventID=4625"), m.excerpts().get(0));
        assertEquals(List.of("attack.credential-access", "attack.t1110"), m.baseTags());
        assertEquals(List.of("T1110"), m.attackTechniques());
        // generate defaults to false: the base rule's matches feed the correlation, they are not alerts themselves.
        assertTrue(r.standalone().isEmpty());
    }

    @Test
    void windowsSlideInsteadOfFixedBuckets() {
        // 5 hits before 10:10 and 5 after: a fixed 10-minute bucket would split them; a sliding window does not.
        List<Event> evs = new ArrayList<>();
        for (int i = 0; i < 5; i++) evs.add(failed(7 * MIN + i * 20 * SEC, "alice"));
        for (int i = 0; i < 5; i++) evs.add(failed(11 * MIN + i * 20 * SEC, "alice"));
        assertEquals(1, run(rules("10m", "        gte: 10"), evs).matches().size());
    }

    @Test
    void timespanBoundIsInclusive() {
        var atBound = run(rules("1m", "        gte: 2"), List.of(failed(0, "a"), failed(60 * SEC, "a")));
        assertEquals(1, atBound.matches().size());
        var past = run(rules("1m", "        gte: 2"), List.of(failed(0, "a"), failed(60 * SEC + 1, "a")));
        assertEquals(0, past.matches().size());
    }

    @Test
    void aBurstFiresOnceThenTheWindowMustSlidePastItsEvents() {
        List<Event> evs = new ArrayList<>();
        for (int i = 0; i < 9; i++) evs.add(failed(i * 10 * SEC, "alice"));     // 0..80 s: fires at 20 s only
        evs.add(failed(4 * MIN, "alice"));                                      // window starts before 20 s: held
        evs.add(failed(6 * MIN, "alice"));
        evs.add(failed(6 * MIN + 10 * SEC, "alice"));
        var r = run(rules("5m", "        gte: 3"), evs);
        assertEquals(2, r.matches().size(), r.matches().toString());
        CorrelationMatch first = r.matches().get(0), second = r.matches().get(1);
        assertEquals(T0 + 20 * SEC, first.lastEventTime());
        assertEquals(3, first.eventCount());
        // At 6 min the window [1 min, 6 min] holds 60, 70, 80 s and 4 min: all after the first match's events.
        assertEquals(T0 + 6 * MIN, second.lastEventTime());
        Set<String> overlap = new HashSet<>(first.events());
        overlap.retainAll(second.events());
        assertTrue(overlap.isEmpty(), "a re-fire never reuses a previous match's events: " + overlap);
        assertFalse(first.id().equals(second.id()));
    }

    @Test
    void rangeIsDecidedWhenTheWindowCloses() {
        // gt 2 and lte 4: 3..4 hits in 5 minutes. alice 3 (match), bob 6 (too many), carol 2 (too few).
        List<Event> evs = new ArrayList<>();
        for (int i = 0; i < 3; i++) evs.add(failed(i * 10 * SEC, "alice"));
        for (int i = 0; i < 6; i++) evs.add(failed(i * 10 * SEC, "bob"));
        for (int i = 0; i < 2; i++) evs.add(failed(i * 10 * SEC, "carol"));
        var r = run(rules("5m", "        gt: 2\n        lte: 4"), evs);
        assertEquals(1, r.matches().size(), r.matches().toString());
        assertEquals(Map.of("User", "alice"), r.matches().get(0).groupBy());
        assertEquals(3, r.matches().get(0).value());
        assertEquals("gt 2 and lte 4", r.matches().get(0).condition());
        assertEquals(T0, r.matches().get(0).windowStart());
        assertEquals(T0 + 5 * MIN, r.matches().get(0).windowEnd());
    }

    @Test
    void everyOperator() {
        // counts per user in one 5-minute window: u1=1, u2=2, u3=3
        List<Event> evs = new ArrayList<>();
        for (int u = 1; u <= 3; u++) {
            for (int i = 0; i < u; i++) evs.add(failed(i * SEC, "u" + u));
        }
        assertEquals(Set.of("u3"), users(run(rules("5m", "        gt: 2"), evs)));
        assertEquals(Set.of("u2", "u3"), users(run(rules("5m", "        gte: 2"), evs)));
        assertEquals(Set.of("u1"), users(run(rules("5m", "        lt: 2"), evs)));
        assertEquals(Set.of("u1", "u2"), users(run(rules("5m", "        lte: 2"), evs)));
        assertEquals(Set.of("u2"), users(run(rules("5m", "        eq: 2"), evs)));
        assertEquals(Set.of("u1", "u3"), users(run(rules("5m", "        neq: 2"), evs)));
        assertEquals(Set.of("u2"), users(run(rules("5m", "        gte: 2\n        lt: 3"), evs)));
    }

    @Test
    void closedWindowFiresDuringTheStreamOnceGraceHasPassed() {
        LoadResult r = rules("5m", "        lt: 3");
        CorrelationEngine engine = CorrelationFixture.engine(r, CorrelationOptions.defaults());
        CorrelationSession s = new CorrelationSession(engine);
        Event a = failed(0, "alice");
        assertTrue(s.accept(a, r.ruleSet().evaluate(a), a.origin().key(), T0).isEmpty());
        // 5 min window + 5 min grace: at 9 min nothing yet, at 10 min the window is decided.
        Event b = failed(9 * MIN, "bob");
        assertTrue(s.accept(b, r.ruleSet().evaluate(b), b.origin().key(), T0 + 9 * MIN).isEmpty());
        Event c = failed(10 * MIN, "bob");
        List<CorrelationMatch> ms = s.accept(c, r.ruleSet().evaluate(c), c.origin().key(), T0 + 10 * MIN);
        assertEquals(1, ms.size());
        assertEquals(Map.of("User", "alice"), ms.get(0).groupBy());
        assertEquals(1, ms.get(0).value());
    }

    @Test
    void hitsWithoutTheGroupFieldAreCountedNotGrouped() {
        List<Event> evs = List.of(CorrelationFixture.ev(0, "EventID", 4625, "Channel", "Security"));
        var r = run(rules("5m", "        gte: 1"), evs);
        assertEquals(0, r.matches().size());
        assertEquals(1, r.counters().ungrouped());
    }

    private static Set<String> users(CorrelationFixture.Run r) {
        Set<String> s = new HashSet<>();
        r.matches().forEach(m -> s.add(m.groupBy().get("User")));
        assertEquals(s.size(), r.matches().size(), "one match per user: " + r.matches());
        return s;
    }
}
