package io.centinela.cli;

import io.centinela.testkit.ConsoleCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code centinela rules check}: real rule files, real Sigma loader and libyara; counts, rejections, exit codes. */
class RulesCheckCommandTest {

    private static ConsoleCapture.Captured run(String... args) {
        return ConsoleCapture.run(() -> CentinelaCli.commandLine().execute(args));
    }

    @Test
    void countsRejectionsAndExitCodes(@TempDir Path dir) throws Exception {
        Path sigma = Files.createDirectories(dir.resolve("sigma"));
        Path yara = Files.createDirectories(dir.resolve("yara"));
        Files.writeString(sigma.resolve("good.yml"), """
                title: Good
                id: 1c1c1c1c-0000-4000-8000-000000000001
                level: high
                logsource: {product: windows, category: process_creation}
                detection:
                  sel: {CommandLine|contains: x}
                  condition: sel
                """);
        Files.writeString(sigma.resolve("bad.yml"), "title: Bad\ndetection:\n  sel: {CommandLine|nosuch: x}\n  condition: sel\n");
        Files.writeString(yara.resolve("good.yar"), "rule Good { strings: $a = \"x1\" condition: $a }\n");
        Files.writeString(yara.resolve("bad.yar"), "rule Bad { strings: $a = \"x2\" condition: $b }\n");
        Path cfg = dir.resolve("c.yaml");
        String yaml = """
                kafka: {bootstrap.servers: 127.0.0.1:1, topics: {t: auto}}
                rules: {builtin: false, sigma.dirs: [%s], yara.dirs: [%s], yara.strict: %s}
                """;
        Files.writeString(cfg, yaml.formatted(sigma, yara, "false"));
        ConsoleCapture.Captured r = run("rules", "check", "--config", cfg.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("sigma: 1 rules loaded, 1 files rejected"), r.out());
        assertTrue(r.out().contains("bad.yml:3") && r.out().contains("nosuch"), r.out());
        assertTrue(r.out().contains("yara: 1 rules loaded, 1 files rejected"), r.out());
        assertTrue(r.out().contains("bad.yar:1") && r.out().contains("undefined string"), r.out());

        assertEquals(1, run("rules", "check", "--config", cfg.toString(), "--fail-on-reject").code());

        Files.writeString(cfg, yaml.formatted(sigma, yara, "true"));
        r = run("rules", "check", "--config", cfg.toString());
        assertEquals(2, r.code(), "strict YARA refuses the set: " + r.out());
        assertTrue(r.err().contains("bad.yar") && r.err().contains("rules.yara.strict: false"), r.err());

        Files.writeString(cfg, yaml.formatted(sigma, yara, "perhaps"));
        r = run("rules", "check", "--config", cfg.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("'rules.yara.strict'") && r.err().contains("expected true or false"), r.err());
    }

    /** Issue 12 item 4: the looping rule is named as quarantined with its cost; libyara's warnings are printed. */
    @Test
    void listsWarningsAndQuarantinedRules(@TempDir Path dir) throws Exception {
        Path yara = Files.createDirectories(dir.resolve("yara"));
        Files.writeString(yara.resolve("mixed.yar"), """
                rule Looping_Nested_Filesize
                {
                  strings:
                    $a = "a"
                  condition:
                    $a and for any i in (0..filesize) : ( for any j in (0..filesize) : ( i + j == -1 ) )
                }
                rule Good { strings: $g = "sekurlsa::logonpasswords" condition: $g }
                """);
        Path cfg = dir.resolve("c.yaml");
        String yaml = """
                kafka: {bootstrap.servers: 127.0.0.1:1, topics: {t: auto}}
                rules: {builtin: false, yara.dirs: [%s], yara.rule.cost.max.ms: 50, yara.strict: %s}
                """;
        Files.writeString(cfg, yaml.formatted(yara, "false"));
        ConsoleCapture.Captured r = run("rules", "check", "--config", cfg.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("yara: 1 rules loaded, 0 files rejected, 1 warnings, 1 rules quarantined"), r.out());
        assertTrue(r.out().contains("rule cost bound: 50 ms"), r.out());
        assertTrue(r.out().matches("(?s).*mixed\\.yar:\\d+: warning: [^\\n]*slow[^\\n]*\\(rule Looping_Nested_Filesize\\).*"), r.out());
        assertTrue(r.out().matches("(?s).*quarantined: yara/mixed:Looping_Nested_Filesize \\(text\\): >?=? ?\\d+\\.\\d ms.*bound 50 ms.*"),
                r.out());

        Files.writeString(cfg, yaml.formatted(yara, "true"));
        r = run("rules", "check", "--config", cfg.toString());
        assertEquals(2, r.code(), "strict mode refuses a set with a rule above the bound: " + r.out());
        assertTrue(r.err().contains("Looping_Nested_Filesize") && r.err().contains("cost bound"), r.err());

        Files.writeString(cfg, yaml.formatted(yara, "false").replace("max.ms: 50", "max.ms: 0"));
        r = run("rules", "check", "--config", cfg.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("'rules.yara.rule.cost.max.ms'"), r.err());
    }
}
