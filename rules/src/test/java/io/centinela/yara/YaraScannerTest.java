package io.centinela.yara;

import io.centinela.yara.compile.CompileDiagnostic;
import io.centinela.yara.compile.CompileReport;
import io.centinela.yara.compile.ExternalVariable;
import io.centinela.yara.compile.RuleCompileException;
import io.centinela.yara.compile.RuleFiles;
import io.centinela.yara.compile.RuleSetCompiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class YaraScannerTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void extractsRuleNamespaceTagsMetaAndStrings() {
        try (CompiledRules rules = TestRules.compile("""
                rule r1 : t1 t2 {
                  meta: author = "someone" score = 75 active = false reference = "a" reference = "b"
                  strings: $a = "evil" $b = { 00 01 02 } $c = "hidden" private
                  condition: $a and $b and $c
                }
                rule r2 { condition: false }
                """);
             YaraScanner scanner = new YaraScanner(RuleProvider.of(rules), ScanLimits.DEFAULT)) {
            byte[] data = bytes("xx evil \u0000\u0001\u0002 hidden evil");
            ScanOutcome o = scanner.scan("CommandLine", data);
            assertEquals(ScanOutcome.Status.OK, o.status());
            assertEquals(1, o.matches().size());
            YaraMatch m = o.matches().get(0);
            assertEquals("r1", m.rule());
            assertEquals("test", m.namespace());
            assertEquals(List.of("t1", "t2"), m.tags());
            assertEquals("someone", m.author());
            assertEquals(75L, m.meta().get("score"));
            assertEquals(false, m.meta().get("active"));
            assertEquals(List.of("a", "b"), m.meta().get("reference"));
            assertEquals("CommandLine", m.scannedField());
            assertEquals(List.of(new YaraMatch.MatchedString("$a", 3, 4, "evil"),
                    new YaraMatch.MatchedString("$a", 19, 4, "evil"),
                    new YaraMatch.MatchedString("$b", 8, 3, "\\x00\\x01\\x02")), m.strings());
            assertEquals(data.length, o.bytesScanned());
            assertFalse(o.truncated());
            // Immutable results.
            assertThrows(UnsupportedOperationException.class, () -> o.matches().add(m));
            assertThrows(UnsupportedOperationException.class, () -> m.strings().clear());
            assertThrows(UnsupportedOperationException.class, () -> m.meta().put("x", 1));
            assertThrows(UnsupportedOperationException.class, () -> m.tags().add("x"));
        }
    }

    @Test
    void excerptsAreCapped() {
        try (CompiledRules rules = TestRules.compile("rule long_one { strings: $a = /A{100,}/ condition: $a }");
             YaraScanner scanner = new YaraScanner(RuleProvider.of(rules), new ScanLimits(5, 1 << 20, 8, 10, 1))) {
            ScanOutcome o = scanner.scan("f", bytes("A".repeat(300)));
            YaraMatch.MatchedString s = o.matches().get(0).strings().get(0);
            assertEquals(300, s.length());
            assertEquals("AAAAAAAA", s.excerpt());
            assertEquals(1, o.matches().get(0).strings().size(), "matches per string are capped too");
        }
    }

    @Test
    void brokenFileIsReportedWithFileAndLineWhileTheRestLoads(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a_good.yar"), "rule good_a { strings: $a = \"alpha\" condition: $a }\n");
        Files.writeString(dir.resolve("b_bad.yar"), "rule fine { condition: true }\n\nrule broken {\n  condition: $missing and\n}\n");
        Files.writeString(dir.resolve("c_good.yar"), "rule good_c { strings: $c = \"gamma\" condition: $c }\n");
        Files.writeString(dir.resolve("d_warn.yar"), "rule warned { strings: $w = { 01 } condition: $w }\n");
        Files.writeString(dir.resolve("notes.txt"), "not a rule file");
        var sources = RuleFiles.load(dir, RuleFiles.NamespaceMode.PER_FILE);
        assertEquals(4, sources.size());
        CompileReport report = new RuleSetCompiler(List.of(), false).compile("dir", sources);
        try (CompiledRules rules = report.rules();
             YaraScanner scanner = new YaraScanner(RuleProvider.of(rules), ScanLimits.DEFAULT)) {
            assertEquals(List.of(dir.resolve("b_bad.yar").toString()), report.rejected());
            CompileDiagnostic error = report.errors().get(0);
            assertTrue(error.file().endsWith("b_bad.yar"), error.toString());
            assertEquals(4, error.line(), error.toString());
            assertTrue(error.message().contains("undefined string \"$missing\""), error.toString());
            CompileDiagnostic warning = report.warnings().get(0);
            assertTrue(warning.file().endsWith("d_warn.yar") && warning.line() == 1
                    && warning.message().contains("slow down"), warning.toString());
            assertEquals(3, rules.ruleCount(), "good_a, good_c and warned load; both rules of the broken file are out");
            List<String> hits = scanner.scan("f", bytes("alpha gamma")).matches().stream()
                    .map(m -> m.namespace() + ":" + m.rule()).toList();
            assertEquals(List.of(dir.getFileName() + "/a_good:good_a", dir.getFileName() + "/c_good:good_c"), hits);
        }
        RuleCompileException strict = assertThrows(RuleCompileException.class,
                () -> new RuleSetCompiler(List.of(), true).compile("dir", sources));
        assertTrue(strict.getMessage().contains("b_bad.yar:4"), strict.getMessage());
    }

    @Test
    void sameRuleNameInTwoFilesOfOneFolderNamespaceIsReported(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("one.yar"), "rule dup { condition: true }\n");
        Files.writeString(dir.resolve("two.yar"), "rule other { condition: true }\nrule dup { condition: true }\n");
        CompileReport report = new RuleSetCompiler(List.of(), false)
                .compile("dir", RuleFiles.load(dir, RuleFiles.NamespaceMode.PER_FOLDER));
        try (CompiledRules rules = report.rules()) {
            assertEquals(1, rules.ruleCount());
            assertTrue(report.errors().get(0).message().contains("duplicated identifier"), report.errors().toString());
            assertEquals(2, report.errors().get(0).line());
        }
    }

    @Test
    void includeIsDisabled() {
        RuleCompileException e = assertThrows(RuleCompileException.class,
                () -> TestRules.compile("include \"/etc/passwd\"\nrule r { condition: true }"));
        assertTrue(e.getMessage().contains("includes are disabled"), e.getMessage());
    }

    @Test
    void externalsAreDeclaredAtCompileTimeAndSetPerScanner() throws Exception {
        try (CompiledRules rules = TestRules.compile("""
                rule is_file { condition: event_type == "file" }
                rule big { condition: threshold > 10 }
                rule flagged { condition: flag }
                """, ExternalVariable.of("event_type", ""), ExternalVariable.of("threshold", 0L),
                ExternalVariable.of("flag", false))) {
            // Two threads, two scanners, different values at the same time: values are per scanner.
            CompletableFuture<List<String>> a = CompletableFuture.supplyAsync(() -> scanWith(rules, "file", 20L, true));
            CompletableFuture<List<String>> b = CompletableFuture.supplyAsync(() -> scanWith(rules, "email", 5L, false));
            assertEquals(List.of("is_file", "big", "flagged"), a.get());
            assertEquals(List.of(), b.get());
            try (YaraScanner s = new YaraScanner(RuleProvider.of(rules), ScanLimits.DEFAULT)) {
                assertFalse(s.setExternal(ExternalVariable.of("undeclared", 1L)), "undeclared variables are ignored");
                assertThrows(IllegalArgumentException.class, () -> s.setExternal(ExternalVariable.of("threshold", "x")));
                assertEquals(List.of(), s.scan("f", new byte[0]).matches(), "defaults from compile time");
            }
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        }
    }

    private static List<String> scanWith(CompiledRules rules, String type, long threshold, boolean flag) {
        try (YaraScanner s = new YaraScanner(RuleProvider.of(rules), ScanLimits.DEFAULT)) {
            s.setExternal(ExternalVariable.of("event_type", type));
            s.setExternal(ExternalVariable.of("threshold", threshold));
            s.setExternal(ExternalVariable.of("flag", flag));
            List<String> last = null;
            for (int i = 0; i < 200; i++) {
                last = s.scan("f", bytes("data " + i)).matches().stream().map(YaraMatch::rule).toList();
            }
            return last;
        }
    }

    @Test
    void timeoutStopsALongScan() {
        try (CompiledRules rules = TestRules.compile(
                "rule slow { condition: for all i in (0..filesize) : (for all j in (0..filesize) : (uint8(i) != 0xAB or uint8(j) != 0xCD)) }");
             YaraScanner scanner = new YaraScanner(RuleProvider.of(rules), ScanLimits.DEFAULT.withTimeoutSeconds(1))) {
            long t0 = System.nanoTime();
            ScanOutcome o = scanner.scan("f", new byte[1 << 20]);
            long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
            assertEquals(ScanOutcome.Status.TIMEOUT, o.status(), o.toString());
            assertTrue(seconds < 10, "took " + seconds + " s");
            // The scanner stays usable.
            assertEquals(ScanOutcome.Status.OK, scanner.scan("f", new byte[4]).status());
        }
    }

    @Test
    void byteCapPerFieldTruncates() {
        try (CompiledRules rules = TestRules.compile("rule tail { strings: $t = \"TAIL\" condition: $t }");
             YaraScanner scanner = new YaraScanner(RuleProvider.of(rules), ScanLimits.DEFAULT.withMaxBytesPerField(64))) {
            byte[] data = bytes("x".repeat(100) + "TAIL");
            ScanOutcome cut = scanner.scan("f", data);
            assertTrue(cut.truncated());
            assertEquals(64, cut.bytesScanned());
            assertEquals(List.of(), cut.matches());
            ScanOutcome whole = scanner.scan("f", data, 50, 54);
            assertFalse(whole.truncated());
            assertEquals(50, whole.matches().get(0).strings().get(0).offset());
        }
    }

    @Test
    void tooManyMatchesIsHandledAndReported() {
        try (CompiledRules rules = TestRules.compile("rule many { strings: $a = \"aa\" condition: $a }");
             YaraScanner scanner = new YaraScanner(RuleProvider.of(rules), ScanLimits.DEFAULT)) {
            byte[] data = new byte[1_100_000];
            Arrays.fill(data, (byte) 'a');
            ScanOutcome o = scanner.scan("f", data);
            assertEquals(ScanOutcome.Status.OK, o.status(), o.toString());
            assertEquals(List.of("$a"), o.tooManyMatches());
            assertEquals("many", o.matches().get(0).rule());
            assertEquals(ScanLimits.DEFAULT.maxStringMatches(), o.matches().get(0).strings().size());
        }
    }

    @Test
    void matchLimitStopsTheScan() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            text.append("rule r").append(i).append(" { condition: true }\n");
        }
        try (CompiledRules rules = TestRules.compile(text.toString());
             YaraScanner scanner = new YaraScanner(RuleProvider.of(rules), new ScanLimits(5, 1024, 16, 3, 4))) {
            ScanOutcome o = scanner.scan("f", bytes("x"));
            assertEquals(ScanOutcome.Status.MATCH_LIMIT, o.status());
            assertEquals(3, o.matches().size());
        }
    }

    @Test
    void emptyHugeAndBinaryBuffers() {
        try (CompiledRules rules = TestRules.compile("""
                rule empty { condition: filesize == 0 }
                rule needle { strings: $n = "needle" condition: $n }
                """);
             YaraScanner scanner = new YaraScanner(RuleProvider.of(rules), ScanLimits.DEFAULT.withMaxBytesPerField(64 << 20))) {
            assertEquals(List.of("empty"), scanner.scan("f", new byte[0]).matches().stream().map(YaraMatch::rule).toList());
            byte[] huge = new byte[48 << 20];
            System.arraycopy(bytes("needle"), 0, huge, huge.length - 6, 6);
            ScanOutcome o = scanner.scan("f", huge);
            assertEquals(huge.length - 6, o.matches().get(0).strings().get(0).offset());
            byte[] binary = new byte[70_000];
            new java.util.Random(7).nextBytes(binary);
            assertEquals(ScanOutcome.Status.OK, scanner.scan("f", binary).status());
        }
    }

    @Test
    void aScannerBelongsToItsThread() throws Exception {
        try (CompiledRules rules = TestRules.compile("rule r { condition: true }");
             YaraScanner scanner = new YaraScanner(RuleProvider.of(rules), ScanLimits.DEFAULT)) {
            CompletableFuture<Throwable> other = CompletableFuture.supplyAsync(() -> {
                try {
                    scanner.scan("f", new byte[1]);
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            assertTrue(other.get() instanceof IllegalStateException, String.valueOf(other.get()));
        }
    }
}
