package io.centinela.yara;

import com.fasterxml.jackson.databind.JsonNode;
import io.centinela.yara.compile.CompileReport;
import io.centinela.yara.compile.RuleSetCompiler;
import io.centinela.yara.compile.RuleSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bounded-time fuzzing of the binding: random rule text (mutated libyara test-suite rules and random bytes) through
 * the compiler, random buffers through the scanner. Nothing may crash the JVM or escape as an unexpected exception.
 * Time budget: {@code -Dcentinela.yara.fuzzSeconds} (default 20); seed: {@code -Dcentinela.yara.fuzzSeed}.
 */
class FuzzTest {

    private static final String[] TOKENS = {"{", "}", "(", ")", "[", "]", "/", "\"", "$a", "$", "#a", "@a[1]", "!a[1]",
            " and ", " or ", " not ", " of ", " them", " all ", " any ", " for ", " in ", " at ", "..", "filesize",
            "entrypoint", " xor", " base64", " wide", " ascii", " nocase", " fullword", " private", "{ ?? }", "[1-2]",
            "[-]", "\\x00", "\\", "*", "+", "?", "|", "uint32(0)", "int8be(", "0x", "KB", "MB", "9223372036854775807",
            "-1", "\n", "rule ", "condition:", "strings:", "meta:", "=", "==", "!=", " matches ", " contains ", "~",
            "<<", ">>", "%", ":", "global ", "private ", "import \"math\"", "math.entropy(0, filesize)", "\u00ff",
            "\u0000", "(?i)", "{,}", "{1,", "{99999}"};

    @Test
    void randomRulesAndBuffersDoNotCrashTheJvm() throws Exception {
        long seconds = Long.getLong("centinela.yara.fuzzSeconds", 20);
        long seed = Long.getLong("centinela.yara.fuzzSeed", System.nanoTime());
        Random rnd = new Random(seed);
        List<String> corpus = new ArrayList<>();
        for (JsonNode c : ConformanceTest.cases()) {
            String rule = c.path("rule").asText();
            if (!rule.contains("include")) {
                corpus.add(rule);
            }
        }
        RuleSetCompiler compiler = new RuleSetCompiler(ConformanceTest.EXTERNALS, false);
        ScanLimits limits = new ScanLimits(1, 256 * 1024, 32, 50, 8);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        int compiled = 0;
        int rejected = 0;
        long scans = 0;
        while (System.nanoTime() < end) {
            String text = rnd.nextInt(10) == 0 ? randomBytes(rnd) : mutate(corpus.get(rnd.nextInt(corpus.size())), rnd);
            CompileReport report;
            try {
                report = compiler.compile("fuzz", List.of(RuleSource.ofText("fuzz.yar", "fuzz", text)));
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + ": compiler threw on rule text:\n" + text, e);
            }
            if (report.rejected().isEmpty()) {
                compiled++;
            } else {
                rejected++;
                assertTrue(!report.errors().isEmpty(), "a rejected source carries its errors");
            }
            try (CompiledRules rules = report.rules();
                 YaraScanner scanner = new YaraScanner(RuleProvider.of(rules), limits)) {
                for (int i = 0; i < 3; i++) {
                    byte[] data = randomBuffer(rnd, text);
                    try {
                        ScanOutcome o = scanner.scan("fuzz", data);
                        assertTrue(o.bytesScanned() <= data.length);
                    } catch (RuntimeException e) {
                        throw new AssertionError("seed " + seed + ": scan threw for rule text:\n" + text, e);
                    }
                    scans++;
                }
            }
        }
        System.out.printf("YARA fuzz: seed %d, %d rule texts compiled, %d rejected, %d scans%n", seed, compiled, rejected, scans);
        assertTrue(compiled > 10 && rejected > 10, "fuzz exercised both paths: " + compiled + "/" + rejected);
    }

    private static String mutate(String rule, Random rnd) {
        StringBuilder sb = new StringBuilder(rule);
        int n = rnd.nextInt(3); // 0..2 mutations: a third of the texts stay valid and reach the scanner with real rules
        for (int i = 0; i < n && sb.length() > 0; i++) {
            int pos = rnd.nextInt(sb.length() + 1);
            switch (rnd.nextInt(5)) {
                case 0 -> sb.insert(pos, TOKENS[rnd.nextInt(TOKENS.length)]);
                case 1 -> sb.delete(pos, Math.min(sb.length(), pos + 1 + rnd.nextInt(8)));
                case 2 -> {
                    int from = rnd.nextInt(sb.length());
                    int to = Math.min(sb.length(), from + 1 + rnd.nextInt(20));
                    sb.insert(pos, sb.substring(from, to));
                }
                case 3 -> {
                    if (pos < sb.length()) {
                        sb.setCharAt(pos, (char) (32 + rnd.nextInt(95)));
                    }
                }
                default -> sb.append(' ').append(TOKENS[rnd.nextInt(TOKENS.length)]);
            }
        }
        return sb.toString();
    }

    private static String randomBytes(Random rnd) {
        byte[] b = new byte[rnd.nextInt(300)];
        rnd.nextBytes(b);
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static byte[] randomBuffer(Random rnd, String rule) {
        int kind = rnd.nextInt(4);
        if (kind == 0) {
            return new byte[0];
        }
        if (kind == 1) {
            // Rule text itself: its literals are likely to match.
            return rule.getBytes(StandardCharsets.ISO_8859_1);
        }
        byte[] b = new byte[rnd.nextInt(kind == 2 ? 4096 : 200_000)];
        rnd.nextBytes(b);
        return b;
    }
}
