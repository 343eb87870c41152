package io.centinela.sigma.correlation;

import io.centinela.event.Event;
import io.centinela.sigma.load.LoadResult;
import io.centinela.sigma.parse.SigmaCorrelation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.centinela.sigma.correlation.CorrelationFixture.MIN;
import static io.centinela.sigma.correlation.CorrelationFixture.SEC;
import static io.centinela.sigma.correlation.CorrelationFixture.failed;
import static io.centinela.sigma.correlation.CorrelationFixture.load;
import static io.centinela.sigma.correlation.CorrelationFixture.run;
import static io.centinela.sigma.correlation.CorrelationFixture.success;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Correlations of correlations: the specification's complete "failed logins followed by success" example. */
class CorrelationChainTest {

    private static final String OUTER = "154a938b-7ec1-4f7d-bd8e-4e622dec50d9", INNER = "36547c7c-297f-4eab-93d3-263f9c1988c3";
    private static final LoadResult RULES = load("base_rules.yml", "mr_failed_then_success.yml");

    private static List<Event> failures(String user, int n, long from) {
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(failed(from + i * 20 * SEC, user));
        return out;
    }

    @Test
    void manyFailuresThenSuccessOfTheSameUser() {
        List<Event> evs = new ArrayList<>();
        evs.addAll(failures("alice", 12, 0));
        evs.add(success(6 * MIN, "alice"));
        evs.add(success(0, "bob"));                 // success first: wrong order
        evs.addAll(failures("bob", 10, MIN));
        evs.addAll(failures("carol", 9, 0));        // too few failures
        evs.add(success(5 * MIN, "carol"));
        evs.addAll(failures("dave", 10, 0));
        evs.add(success(20 * MIN, "dave"));         // success too late
        evs.sort(java.util.Comparator.comparing(e -> e.field("@timestamp"))); // a recorded log, in time order
        var r = run(RULES, evs);
        List<CorrelationMatch> outer = r.of(OUTER);
        assertEquals(1, outer.size(), r.matches().toString());
        CorrelationMatch m = outer.get(0);
        assertEquals(Map.of("User", "alice"), m.groupBy());
        assertEquals("high", m.level());
        assertTrue(m.analystFacing());
        assertEquals(2, m.eventCount());
        CorrelationMatch inner = r.of(INNER).stream().filter(x -> x.groupBy().get("User").equals("alice")).findFirst().orElseThrow();
        assertEquals("correlation:" + inner.id(), m.events().get(0));
        assertFalse(inner.analystFacing(), "the outer correlation does not generate its inner one");
        assertEquals(List.of("attack.credential-access", "attack.t1110", "attack.initial-access", "attack.t1078"), m.baseTags());
        assertEquals(List.of("T1110.001", "T1110", "T1078"), m.attackTechniques());
        // inner fired for alice, bob and dave (10+ failures each), never for carol
        assertEquals(3, r.of(INNER).size());
        assertTrue(r.standalone().isEmpty(), "generate is false: base rules are not alerts of their own");
    }

    @Test
    void cyclesAreRefusedWithTheirParents() {
        String a = "title: A\nid: aaaaaaaa-0000-4000-8000-000000000001\nname: corr_a\ncorrelation:\n    type: event_count\n"
                + "    rules: [corr_b]\n    group-by: [User]\n    timespan: 5m\n    condition: {gte: 1}\n";
        String b = "title: B\nid: aaaaaaaa-0000-4000-8000-000000000002\nname: corr_b\ncorrelation:\n    type: event_count\n"
                + "    rules: [corr_a, failed_login]\n    group-by: [User]\n    timespan: 5m\n    condition: {gte: 1}\n";
        String c = "title: C\nid: aaaaaaaa-0000-4000-8000-000000000003\ncorrelation:\n    type: event_count\n"
                + "    rules: [corr_a]\n    group-by: [User]\n    timespan: 5m\n    condition: {gte: 1}\n";
        LoadResult r = load("base_rules.yml", a, b, c);
        CorrelationEngine e = CorrelationEngine.build(r, CorrelationOptions.defaults());
        assertEquals(0, e.correlationCount());
        assertEquals(3, e.problems().size());
        assertTrue(e.problems().stream().anyMatch(p -> p.reason().contains("cycle")), e.problems().toString());
        assertTrue(e.problems().stream().anyMatch(p -> p.reason().contains("refused correlation")), e.problems().toString());
    }

    @Test
    void referencesResolveByIdOrName() {
        String byId = "title: By id\nid: aaaaaaaa-0000-4000-8000-000000000010\ncorrelation:\n    type: temporal\n"
                + "    rules:\n        - a10fb0f3-2dbc-4dd7-a52f-23aabdcf42bf\n        - successful_login\n"
                + "    group-by: [User]\n    timespan: 5m\n";
        var r = run(load("base_rules.yml", byId), List.of(failed(0, "x"), success(MIN, "x")));
        assertEquals(1, r.matches().size());
        assertEquals(SigmaCorrelation.Type.TEMPORAL.yamlName(), r.matches().get(0).type());
    }
}
