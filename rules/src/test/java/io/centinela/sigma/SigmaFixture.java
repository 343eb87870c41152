package io.centinela.sigma;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.centinela.event.Event;
import io.centinela.event.EventFormat;
import io.centinela.event.EventKind;
import io.centinela.event.EventOrigin;
import io.centinela.sigma.compile.Placeholders;
import io.centinela.sigma.load.FileReport;
import io.centinela.sigma.load.LoadOptions;
import io.centinela.sigma.load.LoadResult;
import io.centinela.sigma.load.RuleLoader;
import io.centinela.sigma.logsource.LogSourceMapping;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Builds small rules and events for the engine's unit tests. */
public final class SigmaFixture {

    private SigmaFixture() {
    }

    /** A Windows rule with the given detection block (YAML, indented by 4 under 'detection:'). */
    public static String rule(String detection) {
        return "title: Test rule\nid: 11111111-1111-1111-1111-111111111111\nstatus: test\nlevel: high\n"
                + "author: Tester\ntags: [attack.execution, attack.t1059.001]\n"
                + "logsource:\n    product: windows\ndetection:\n" + detection;
    }

    public static LoadResult load(String... texts) {
        return load(Placeholders.NONE, texts);
    }

    public static LoadResult load(Placeholders placeholders, String... texts) {
        Map<Path, String> files = new LinkedHashMap<>();
        for (int i = 0; i < texts.length; i++) {
            files.put(Path.of("rule" + i + ".yml"), texts[i]);
        }
        return new RuleLoader(new LoadOptions(LogSourceMapping.builtIn(), placeholders)).loadTexts(files, List.of());
    }

    /** Compiles one rule, asserting that it loads. */
    public static SigmaEvaluator compile(String text) {
        LoadResult r = load(text);
        assertTrue(r.rejected().isEmpty(), () -> "rule rejected: " + r.rejected().stream().map(FileReport::describe).toList());
        assertEquals(1, r.ruleSet().ruleCount());
        return r.ruleSet();
    }

    /** A Windows event with the given fields (name, value, name, value...); a List value is a multi-valued field. */
    public static Event event(Object... kv) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            fields.put((String) kv[i], kv[i + 1]);
        }
        return new Event(JsonNodeFactory.instance.objectNode(), new EventOrigin.File("test", 1), EventFormat.GENERIC,
                EventKind.WINDOWS, fields, 0);
    }

    public static boolean matches(SigmaEvaluator e, Event ev) {
        return !e.evaluate(ev).isEmpty();
    }

    /** Whether a one-field selection {@code key: value} (YAML) matches an event with {@code field = actual}. */
    public static boolean one(String keyAndValue, String field, String actual) {
        return matches(compile(rule("    sel:\n        " + keyAndValue + "\n    condition: sel\n")), event(field, actual));
    }
}
