package io.centinela.yara;

import io.centinela.testkit.SharedData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.centinela.yara.compile.CompileReport;
import io.centinela.yara.compile.ExternalVariable;
import io.centinela.yara.compile.RuleCompileException;
import io.centinela.yara.compile.RuleSetCompiler;
import io.centinela.yara.compile.RuleSource;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * The 745 rule/data/expectation cases of libyara's own test suite (tests/test-rules.c at v4.2.3), run through the
 * binding: 719 must pass; the 24 that need yara's binary test files and the 2 that need include files are skipped
 * with that reason.
 */
class ConformanceTest {

    static final List<ExternalVariable> EXTERNALS = List.of(ExternalVariable.of("var_zero", 0L),
            ExternalVariable.of("var_one", 1L), ExternalVariable.of("var_true", true),
            ExternalVariable.of("var_false", false));
    static final ScanLimits LIMITS = new ScanLimits(10, 1 << 20, 512, 10_000, 1_000_000);

    static List<JsonNode> cases() throws IOException {
        Path file = SharedData.yara("conformance/yara-4.2.3-rule-cases.jsonl");
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                out.add(json.readTree(line));
            }
        }
        return out;
    }

    static String skipReason(JsonNode c) {
        if (c.path("kind").asText().equals("match_file")) {
            return "needs yara's binary test file " + c.path("file").asText() + " (not shipped)";
        }
        if (c.path("rule").asText().trim().startsWith("include")) {
            return "needs yara's include files (and includes are disabled in this binding by design)";
        }
        return null;
    }

    @Test
    void caseCountsMatchTheSuite() throws IOException {
        List<JsonNode> all = cases();
        assertEquals(745, all.size());
        assertEquals(719, all.stream().filter(c -> skipReason(c) == null).count());
    }

    @TestFactory
    List<DynamicTest> libyaraRuleCases() throws IOException {
        YaraLibrary.require();
        RuleSetCompiler compiler = new RuleSetCompiler(EXTERNALS, true);
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases()) {
            String name = c.path("test").asText() + ":" + c.path("src_line").asInt() + " " + c.path("kind").asText();
            tests.add(DynamicTest.dynamicTest(name, () -> run(compiler, c)));
        }
        return tests;
    }

    private static void run(RuleSetCompiler compiler, JsonNode c) {
        String skip = skipReason(c);
        if (skip != null) {
            abort(skip);
        }
        String kind = c.path("kind").asText();
        String rule = c.path("rule").asText();
        byte[] data = c.path("data_latin1").asText().getBytes(StandardCharsets.ISO_8859_1);
        CompileReport report;
        try {
            report = compiler.compile("case", List.of(RuleSource.ofText("case", "default", rule)));
        } catch (RuleCompileException e) {
            if (!kind.equals("compile_error")) {
                fail("rule did not compile: " + e.getMessage() + "\n" + rule);
            }
            var error = e.diagnostics().stream().filter(d -> d.isError()).findFirst().orElseThrow();
            assertEquals(c.path("expect").asInt(), e.errorCode(),
                    "expected " + c.path("expect_str").asText() + ", got " + error);
            // libyara reports line 0 for errors at the end of the text (an unterminated regexp).
            assertTrue(error.line() >= 0 && !error.message().isBlank(), error.toString());
            return;
        }
        try (CompiledRules rules = report.rules()) {
            switch (kind) {
                case "compile_error" -> fail("expected " + c.path("expect_str").asText() + " but it compiled:\n" + rule);
                case "compile_warning" -> {
                    int expected = c.path("expect").asInt();
                    int warnings = report.warnings().size();
                    if (expected == 0) {
                        assertEquals(0, warnings, report.warnings().toString());
                    } else {
                        assertTrue(warnings >= expected, "expected a warning for\n" + rule);
                    }
                }
                case "match", "match_count", "capture" -> {
                    try (YaraScanner scanner = new YaraScanner(RuleProvider.of(rules), LIMITS)) {
                        ScanOutcome outcome = scanner.scan("data", data);
                        assertNull(outcome.error(), outcome.error());
                        assertFalse(outcome.truncated());
                        int matched = outcome.matches().size();
                        if (kind.equals("match")) {
                            assertEquals(c.path("expect").asInt() == 1, matched > 0, "matches " + outcome.matches() + " for\n" + rule);
                        } else if (kind.equals("match_count")) {
                            assertEquals(c.path("expect").asInt(), matched, rule);
                        } else {
                            String expected = Excerpt.render(c.path("expect_str").asText().getBytes(StandardCharsets.ISO_8859_1));
                            boolean found = outcome.matches().stream().flatMap(m -> m.strings().stream())
                                    .anyMatch(s -> s.excerpt().equals(expected));
                            assertTrue(found, "no match captured '" + expected + "' in " + outcome.matches() + " for\n" + rule);
                        }
                    }
                }
                default -> fail("unknown case kind " + kind);
            }
        }
    }
}
