package io.centinela.yara;

import io.centinela.yara.compile.CompileDiagnostic;
import io.centinela.yara.compile.NativeCompiler;
import io.centinela.yara.compile.RuleSource;
import io.centinela.yara.nativ.StructLayout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Start-up check that the loaded libyara has the struct layouts the binding reads: compiles a known rule, scans a
 * known buffer and compares every extracted field; also checks that compiler errors carry line and code and that
 * {@code include} is refused. Any difference refuses YARA with a message naming the field.
 */
final class SelfTest {

    static final String NAMESPACE = "centinela_selftest";
    static final String RULE = """
            rule selftest_rule : tag_one tag_two
            {
              meta:
                author = "centinela"
                answer = 42
                flag = true
                negative = -7
              strings:
                $hello = "hello"
                $hidden = "world" private
                $hex = { 41 42 43 }
              condition:
                all of them
            }
            rule selftest_never { condition: false }
            """;
    static final byte[] BUFFER = "xx hello world ABC hello".getBytes(StandardCharsets.US_ASCII);

    private SelfTest() {
    }

    static void run(StructLayout layout) {
        List<String> problems = new ArrayList<>();
        checkScan(layout, problems);
        checkCompilerErrors(layout, problems);
        if (!problems.isEmpty()) {
            throw new YaraUnavailableException("YARA: libyara self-test failed (this binding reads libyara 4.2.x "
                    + "struct layouts; the installed library differs): " + String.join("; ", problems)
                    + ". Install libyara 4.2 (Debian bookworm: apt-get install -y libyara9=4.2.*)");
        }
    }

    private static void checkScan(StructLayout layout, List<String> problems) {
        CompiledRules rules;
        try (NativeCompiler compiler = new NativeCompiler(List.of(), layout)) {
            if (!compiler.add(RuleSource.ofText("<selftest>", NAMESPACE, RULE))) {
                problems.add("self-test rule did not compile: " + compiler.diagnostics());
                return;
            }
            rules = compiler.rules("selftest");
        }
        try (rules; YaraScanner scanner = new YaraScanner(RuleProvider.of(rules), ScanLimits.DEFAULT, layout)) {
            // The cost probe writes YR_SCAN_CONTEXT.timeout (ns) and walks rules_table directly: check both.
            expect(problems, "YR_SCAN_CONTEXT.timeout (ns)", ScanLimits.DEFAULT.timeoutSeconds() * 1_000_000_000L,
                    scanner.timeoutNanos());
            long[] table = rules.rulePointers();
            MatchReader reader = new MatchReader(layout, ScanLimits.DEFAULT);
            expect(problems, "YR_RULES.rules_table", List.of("selftest_rule", "selftest_never"),
                    java.util.Arrays.stream(table).mapToObj(p -> reader.readRule(p).identifier()).toList());
            ScanOutcome outcome = scanner.scan("selftest", BUFFER);
            expect(problems, "scan status", ScanOutcome.Status.OK, outcome.status());
            expect(problems, "rule count", 2, rules.ruleCount());
            if (outcome.matches().size() != 1) {
                problems.add("expected 1 matching rule, got " + outcome.matches().size());
                return;
            }
            YaraMatch m = outcome.matches().get(0);
            expect(problems, "rule identifier", "selftest_rule", m.rule());
            expect(problems, "namespace", NAMESPACE, m.namespace());
            expect(problems, "tags", List.of("tag_one", "tag_two"), m.tags());
            expect(problems, "metas", Map.of("author", "centinela", "answer", 42L, "flag", true, "negative", -7L), m.meta());
            expect(problems, "author", "centinela", m.author());
            expect(problems, "strings", List.of(
                    new YaraMatch.MatchedString("$hello", 3, 5, "hello"),
                    new YaraMatch.MatchedString("$hello", 19, 5, "hello"),
                    new YaraMatch.MatchedString("$hex", 15, 3, "ABC")), m.strings());
        }
    }

    private static void checkCompilerErrors(StructLayout layout, List<String> problems) {
        try (NativeCompiler compiler = new NativeCompiler(List.of(), layout)) {
            boolean ok = compiler.add(RuleSource.ofText("<selftest-error>", "x", "rule a { condition: true }\nrule b {\n condition: }\n"));
            List<CompileDiagnostic> errors = compiler.diagnostics().stream().filter(CompileDiagnostic::isError).toList();
            if (ok || errors.isEmpty()) {
                problems.add("a syntax error was not reported");
            } else {
                expect(problems, "error line", 3, errors.get(0).line());
                expect(problems, "error code (YR_COMPILER.last_error)", 11, errors.get(0).errorCode());
            }
        }
        try (NativeCompiler compiler = new NativeCompiler(List.of(), layout)) {
            if (compiler.add(RuleSource.ofText("<selftest-include>", "x", "include \"/etc/hostname\"\nrule a { condition: true }"))) {
                problems.add("include was not refused");
            }
        }
    }

    private static void expect(List<String> problems, String what, Object expected, Object actual) {
        if (!Objects.equals(expected, actual)) {
            problems.add(what + ": expected " + expected + ", read " + actual);
        }
    }
}
