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
import static io.centinela.sigma.correlation.CorrelationFixture.ev;
import static io.centinela.sigma.correlation.CorrelationFixture.load;
import static io.centinela.sigma.correlation.CorrelationFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** temporal and temporal_ordered (the specification's recon examples) and field-name aliases. */
class CorrelationTemporalTest {

    private static final String ANY = "e0000000-0000-4000-8000-000000000001", ORDERED = "e0000000-0000-4000-8000-000000000002";
    private static final LoadResult RECON = load("base_rules.yml", "mr_recon.yml");

    private static Event cmd(long t, String host, String user, String commandLine) {
        return ev(t, "EventID", 1, "ComputerName", host, "User", user, "CommandLine", commandLine);
    }

    private static List<Event> sequence(long t0, String host, String user, String... cmds) {
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < cmds.length; i++) out.add(cmd(t0 + i * MIN, host, user, cmds[i]));
        return out;
    }

    private static Set<String> hosts(List<CorrelationMatch> ms) {
        Set<String> s = new HashSet<>();
        ms.forEach(m -> s.add(m.groupBy().get("ComputerName")));
        return s;
    }

    @Test
    void temporalNeedsAllRulesInTheTimespanInAnyOrderOrderedNeedsTheirOrder() {
        List<Event> evs = new ArrayList<>();
        evs.addAll(sequence(0, "H1", "alice", "whoami", "ipconfig /all", "net user"));      // any order only
        evs.addAll(sequence(0, "H2", "bob", "whoami", "net user /domain", "ipconfig"));     // both
        evs.add(cmd(0, "H3", "carl", "whoami"));
        evs.add(cmd(MIN, "H3", "carl", "net user"));
        evs.add(cmd(6 * MIN + 1, "H3", "carl", "ipconfig"));                                // too late
        evs.addAll(sequence(0, "H4", "dan", "whoami", "net user"));
        evs.add(cmd(2 * MIN, "H4", "erin", "ipconfig"));                                    // other user
        var r = run(RECON, evs);
        assertEquals(Set.of("H1", "H2"), hosts(r.of(ANY)));
        assertEquals(Set.of("H2"), hosts(r.of(ORDERED)));
        CorrelationMatch m = r.of(ORDERED).get(0);
        assertEquals(Map.of("ComputerName", "H2", "User", "bob"), m.groupBy());
        assertEquals(3, m.value());
        assertEquals("gte 3", m.condition());
        assertTrue(m.baseTags().containsAll(List.of("attack.t1033", "attack.t1087", "attack.t1016")), m.baseTags().toString());
        assertEquals("high", m.level());
    }

    @Test
    void orderedTakesTheEarliestHitOfEachRuleAfterThePrevious() {
        // b, a, b, c: a then (second) b then c is in order.
        var r = run(RECON, sequence(0, "H5", "fay", "net user", "whoami", "net user x", "ipconfig"));
        assertEquals(1, r.of(ORDERED).size());
        assertEquals(4, r.of(ORDERED).get(0).eventCount());
    }

    @Test
    void generateTrueOnAnyReferencingCorrelationKeepsBaseMatches() {
        // mr_recon's ordered correlation says generate: true, so recon commands stay alerts of their own.
        var r = run(RECON, sequence(0, "H6", "gus", "whoami"));
        assertEquals(1, r.standalone().size());
        assertEquals("a0000000-0000-4000-8000-00000000000a", r.standalone().get(0).id());
    }

    @Test
    void aliasesGroupDifferentFieldsOfDifferentRules() {
        LoadResult rules = load("base_rules.yml", "mr_aliases.yml");
        List<Event> evs = List.of(
                ev(0, "http.response.status_code", 500, "destination.ip", "10.0.0.1", "source.ip", "203.0.113.9"),
                ev(5 * SEC, "event.category", "network", "event.type", "connection", "event.outcome", "success",
                        "source.ip", "10.0.0.1", "destination.ip", "203.0.113.9"),
                // the same addresses the other way round: not the pattern
                ev(0, "http.response.status_code", 500, "destination.ip", "10.0.0.2", "source.ip", "203.0.113.7"),
                ev(SEC, "event.category", "network", "event.type", "connection", "event.outcome", "success",
                        "source.ip", "203.0.113.7", "destination.ip", "10.0.0.2"),
                // right direction, 11 s apart: outside the 10 s timespan
                ev(0, "http.response.status_code", 500, "destination.ip", "10.0.0.3", "source.ip", "203.0.113.5"),
                ev(11 * SEC, "event.category", "network", "event.type", "connection", "event.outcome", "success",
                        "source.ip", "10.0.0.3", "destination.ip", "203.0.113.5"));
        var r = run(rules, evs);
        assertEquals(1, r.matches().size(), r.matches().toString());
        assertEquals(Map.of("internal_ip", "10.0.0.1", "remote_ip", "203.0.113.9"), r.matches().get(0).groupBy());
        assertFalse(r.matches().get(0).events().isEmpty());
    }

    @Test
    void anAliasNamingARuleTheCorrelationDoesNotReferenceIsRefused() {
        String bad = CorrelationFixture.resource("mr_aliases.yml").replace("            new_network_connection: source.ip",
                "            new_network_connections: source.ip");
        CorrelationEngine e = CorrelationEngine.build(load("base_rules.yml", bad), CorrelationOptions.defaults());
        assertEquals(0, e.correlationCount());
        assertTrue(e.problems().get(0).reason().contains("alias 'internal_ip' names rule 'new_network_connections'"),
                e.problems().toString());
    }
}
