package io.centinela.sigma.correlation;

import io.centinela.sigma.load.LoadOptions;
import io.centinela.sigma.load.LoadResult;
import io.centinela.sigma.load.RuleLoader;
import io.centinela.sigma.parse.SigmaCorrelation;
import io.centinela.sigma.parse.SigmaCorrelation.Type;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The specification's schema examples load and compile; documents the schema forbids are refused with a reason. */
class CorrelationParseTest {

    @Test
    void schemaExamplesOfEveryTypeLoadAndCompile() {
        LoadResult r = CorrelationFixture.load("base_rules.yml", "schema_examples_base.yml", "schema_examples.yml");
        assertEquals(8, r.correlations().size());
        Set<Type> types = r.correlations().stream().map(SigmaCorrelation::type).collect(Collectors.toSet());
        assertEquals(EnumSet.complementOf(EnumSet.of(Type.VALUE_MEDIAN)), EnumSet.copyOf(types));
        CorrelationEngine e = CorrelationFixture.engine(r, CorrelationOptions.defaults());
        assertEquals(8, e.correlationCount());
        SigmaCorrelation recon = r.correlations().stream().filter(c -> c.title().equals("Discovery commands")).findFirst().orElseThrow();
        assertEquals(Duration.ofMinutes(5), recon.timespan());
        assertEquals(List.of("ComputerName", "User"), recon.groupBy());
        // a correlation without id is keyed by its title
        assertTrue(e.correlationKeys().contains("title:Discovery commands"), e.correlationKeys().toString());
    }

    @Test
    void valueMedianAndFieldListsAndTopLevelGenerate() {
        String doc = "title: Median\nid: 22220000-0000-4000-8000-000000000001\ngenerate: true\ntags: [attack.exfiltration]\n"
                + "correlation:\n    type: value_median\n    rules: [website_access]\n    group-by: [SourceIP]\n"
                + "    timespan: 1h\n    condition:\n        field: BytesOut\n        gt: 10\n";
        SigmaCorrelation c = CorrelationFixture.load("base_rules.yml", doc).correlations().get(0);
        assertEquals(Type.VALUE_MEDIAN, c.type());
        assertTrue(c.generate());
        assertEquals(List.of("attack.exfiltration"), c.tags());
        assertEquals(List.of("BytesOut"), c.fields());
    }

    private static final String BASE = "title: %s\nid: 22220000-0000-4000-8000-0000000000ff\ncorrelation:\n"
            + "    type: %s\n    rules: [failed_login%s]\n    group-by: [User]\n%s";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown type        | counting    | | '    timespan: 5m\n    condition: {gte: 1}\n'          | unknown correlation type",
            "no timespan         | event_count | | '    condition: {gte: 1}\n'                           | missing 'timespan'",
            "timespan in words   | event_count | | '    timespan: 1 hour\n    condition: {gte: 1}\n'      | timespan",
            "no condition        | event_count | | '    timespan: 5m\n'                                  | needs a condition",
            "unknown operator    | event_count | | '    timespan: 5m\n    condition: {over: 1}\n'       | unknown condition key",
            "threshold not a number | event_count | | '    timespan: 5m\n    condition: {gte: many}\n'  | needs a number",
            "value type without field | value_count | | '    timespan: 5m\n    condition: {gte: 1}\n'   | 'field'",
            "field list on a sum | value_sum | | '    timespan: 5m\n    condition: {field: [a, b], gt: 1}\n' | one 'field'",
            "temporal of one rule | temporal  | | '    timespan: 5m\n'                                  | at least two rules",
            "unknown reference   | temporal    | ', no_such_rule' | '    timespan: 5m\n'               | not loaded",
            "condition a scalar  | event_count | | '    timespan: 5m\n    condition: 10\n'               | must be a mapping",
    })
    void invalidDocumentsAreRefusedWithAReason(String title, String type, String extraRule, String rest, String reason) {
        String doc = String.format(BASE, title, type, extraRule == null ? "" : extraRule, rest.replace("\\n", "\n"));
        Map<Path, String> files = new LinkedHashMap<>();
        files.put(Path.of("base.yml"), CorrelationFixture.resource("base_rules.yml"));
        files.put(Path.of("bad.yml"), doc);
        LoadResult r = new RuleLoader(LoadOptions.defaults()).loadTexts(files, List.of());
        assertEquals(1, r.rejected().size(), doc + "\n" + r.reports());
        assertTrue(r.rejected().get(0).reason().contains(reason), r.rejected().get(0).reason());
        assertEquals(0, r.correlations().size());
    }
}
