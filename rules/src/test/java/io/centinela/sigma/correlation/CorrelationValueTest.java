package io.centinela.sigma.correlation;

import io.centinela.event.Event;
import io.centinela.sigma.load.LoadResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.centinela.sigma.correlation.CorrelationFixture.MIN;
import static io.centinela.sigma.correlation.CorrelationFixture.SEC;
import static io.centinela.sigma.correlation.CorrelationFixture.ev;
import static io.centinela.sigma.correlation.CorrelationFixture.load;
import static io.centinela.sigma.correlation.CorrelationFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** value_count, value_sum, value_avg, value_percentile, value_median: the specification's examples (mr_values.yml). */
class CorrelationValueTest {

    private static final LoadResult RULES = load("base_rules.yml", "mr_values.yml");
    private static final String COUNT = "f0000000-0000-4000-8000-000000000001", SUM = "f0000000-0000-4000-8000-000000000002",
            AVG = "f0000000-0000-4000-8000-000000000003", PCT = "f0000000-0000-4000-8000-000000000004",
            MEDIAN = "f0000000-0000-4000-8000-000000000005", TUPLES = "f0000000-0000-4000-8000-000000000006";

    private static Event web(long t, Object... kv) {
        Object[] all = new Object[kv.length + 2];
        all[0] = "EventID";
        all[1] = 3;
        System.arraycopy(kv, 0, all, 2, kv.length);
        return ev(t, all);
    }

    @Test
    void valueCountCountsDistinctValuesPerGroup() {
        List<Event> evs = new ArrayList<>();
        // DC1/WS1: users a, b, a, c -> 3 distinct at the 4th hit; DC2/WS1: a, a, a, b -> 2
        String[] users = {"a", "b", "a", "c"};
        for (int i = 0; i < 4; i++) evs.add(web(i * MIN, "ComputerName", "DC1", "WorkstationName", "WS1", "User", users[i]));
        for (int i = 0; i < 4; i++) evs.add(web(i * MIN, "ComputerName", "DC2", "WorkstationName", "WS1", "User", i == 3 ? "b" : "a"));
        var ms = run(RULES, evs).of(COUNT);
        assertEquals(1, ms.size(), ms.toString());
        assertEquals(Map.of("ComputerName", "DC1", "WorkstationName", "WS1"), ms.get(0).groupBy());
        assertEquals(3, ms.get(0).value());
        assertEquals(List.of("a", "b", "c"), ms.get(0).values());
        assertEquals(4, ms.get(0).eventCount());
    }

    @Test
    void valueCountOverSeveralFieldsCountsDistinctTuples() {
        List<Event> evs = new ArrayList<>();
        String[][] pairs = {{"a", "w1"}, {"a", "w2"}, {"a", "w1"}, {"b", "w1"}};
        for (int i = 0; i < pairs.length; i++) {
            evs.add(web(i * SEC, "ComputerName", "H", "User", pairs[i][0], "WorkstationName", pairs[i][1]));
        }
        var ms = run(RULES, evs).of(TUPLES);
        assertEquals(1, ms.size());
        assertEquals(3, ms.get(0).value());
        assertEquals(List.of("a,w1", "a,w2", "b,w1"), ms.get(0).values());
    }

    @Test
    void valueSumFiresWhenTheSumCrossesTheLimit() {
        List<Event> evs = new ArrayList<>();
        for (int i = 0; i < 5; i++) evs.add(web(i * 10 * MIN, "SourceIP", "10.0.0.5", "User", "eve", "bytes_sent", 300_000));
        evs.add(web(0, "SourceIP", "10.0.0.6", "User", "eve", "bytes_sent", 900_000));
        evs.add(web(MIN, "SourceIP", "10.0.0.6", "User", "eve", "bytes_sent", "not a number"));
        var ms = run(RULES, evs).of(SUM);
        assertEquals(1, ms.size(), ms.toString());
        assertEquals("10.0.0.5", ms.get(0).groupBy().get("SourceIP"));
        assertEquals(1_200_000, ms.get(0).value());   // the 4th hit crosses 1,000,000
        assertEquals(4, ms.get(0).eventCount());
    }

    @Test
    void valueAvgIsTakenOverTheClosedWindow() {
        List<Event> evs = new ArrayList<>();
        // 1.1.1.1: 900 then four times 100 -> average 260 (the first hit alone would be 900: no early match)
        evs.add(web(0, "SourceIP", "1.1.1.1", "User", "u", "BytesOut", 900));
        for (int i = 1; i <= 4; i++) evs.add(web(i * MIN, "SourceIP", "1.1.1.1", "User", "u", "BytesOut", 100));
        // 2.2.2.2: 400, 800 -> 600
        evs.add(web(0, "SourceIP", "2.2.2.2", "User", "u", "BytesOut", 400));
        evs.add(web(MIN, "SourceIP", "2.2.2.2", "User", "u", "BytesOut", 800));
        var ms = run(RULES, evs).of(AVG);
        assertEquals(1, ms.size(), ms.toString());
        assertEquals("2.2.2.2", ms.get(0).groupBy().get("SourceIP"));
        assertEquals(600, ms.get(0).value());
    }

    @Test
    void valueMedianIsTheMiddleValue() {
        List<Event> evs = new ArrayList<>();
        int[] a = {10, 5000, 20};          // median 20
        int[] b = {900, 1200, 5000, 1000}; // median (1000 + 1200) / 2 = 1100
        for (int i = 0; i < a.length; i++) evs.add(web(i * SEC, "SourceIP", "a", "BytesOut", a[i]));
        for (int i = 0; i < b.length; i++) evs.add(web(i * SEC, "SourceIP", "b", "BytesOut", b[i]));
        var ms = run(RULES, evs).of(MEDIAN);
        assertEquals(1, ms.size(), ms.toString());
        assertEquals("b", ms.get(0).groupBy().get("SourceIP"));
        assertEquals(1100, ms.get(0).value());
    }

    @Test
    void valuePercentileFindsValuesRarerThanTheShare() {
        // The specification's example: a process name seen in at most 1% of a computer's process starts.
        List<Event> evs = new ArrayList<>();
        for (int i = 0; i < 150; i++) evs.add(web(i * SEC, "ComputerName", "WS1", "Image", i % 2 == 0 ? "svchost.exe" : "explorer.exe"));
        evs.add(web(200 * SEC, "ComputerName", "WS1", "Image", "mimikatz.exe"));
        for (int i = 0; i < 50; i++) evs.add(web(i * SEC, "ComputerName", "WS2", "Image", i % 5 == 0 ? "cmd.exe" : "svchost.exe"));
        var ms = run(RULES, evs).of(PCT);
        assertEquals(1, ms.size(), ms.toString());
        assertEquals("WS1", ms.get(0).groupBy().get("ComputerName"));
        assertEquals(List.of("mimikatz.exe"), ms.get(0).values());
        assertEquals(100.0 / 151, ms.get(0).value(), 1e-9);
    }

    @Test
    void valueTypesNeedTheirFieldAndANumber() {
        String noField = "title: x\nid: 1\ncorrelation:\n    type: value_sum\n    rules: [website_access]\n"
                + "    group-by: [User]\n    timespan: 1h\n    condition:\n        gt: 1\n";
        var loaded = new io.centinela.sigma.load.RuleLoader(io.centinela.sigma.load.LoadOptions.defaults())
                .loadTexts(Map.of(java.nio.file.Path.of("x.yml"), CorrelationFixture.resource("base_rules.yml")
                        + "\n---\n" + noField), List.of());
        assertEquals(1, loaded.rejected().size());
        assertTrue(loaded.rejected().get(0).reason().contains("'field'"), loaded.rejected().get(0).reason());
    }
}
