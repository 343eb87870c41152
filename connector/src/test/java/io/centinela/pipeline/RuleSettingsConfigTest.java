package io.centinela.pipeline;

import io.centinela.testkit.SharedData;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.centinela.config.CentinelaConfig;
import io.centinela.config.ConfigException;
import io.centinela.event.Event;
import io.centinela.event.EventKind;
import io.centinela.event.EventOrigin;
import io.centinela.event.EventParser;
import io.centinela.sigma.SigmaMatch;
import io.centinela.yara.EventScanner;
import io.centinela.yara.YaraConfig;
import io.centinela.yara.YaraEngine;
import io.centinela.yara.YaraMatch;
import io.centinela.yara.compile.ExternalVariable;
import io.centinela.yara.compile.RuleFiles;
import io.centinela.yara.policy.FieldSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rules.* keys: parsed onto YaraConfig/ScanPolicy and Sigma load options, each bad value names key and fix. */
class RuleSettingsConfigTest {

    private static final String BASE = """
            kafka:
              bootstrap.servers: 127.0.0.1:9092
              topics: {sysmon: auto}
            model.enabled: false
            """;

    static CentinelaConfig parse(String yaml) throws Exception {
        return CentinelaConfig.fromTree(new ObjectMapper(new YAMLFactory()).readTree(BASE + yaml), k -> null);
    }

    static Event event(String json) throws Exception {
        return new EventParser().parse(json.getBytes(StandardCharsets.UTF_8), new EventOrigin.File("t", 1));
    }

    @Test
    void everyRuleKeyMapsOntoTheEngines(@TempDir Path dir) throws Exception {
        Path yaraDir = Files.createDirectories(dir.resolve("yara"));
        Path sigmaDir = Files.createDirectories(dir.resolve("sigma"));
        Files.writeString(dir.resolve("ph.yml"), "placeholders: {admins: [CORP\\\\root, CORP\\\\boss]}\n");
        CentinelaConfig cfg = parse("""
                rules:
                  builtin: false
                  yara:
                    builtin: true
                    dirs: [%s]
                    strict: true
                    namespaces: per-folder
                    scan: {timeout.seconds: 2, max.bytes.per.field: 4096, max.matches: 7}
                    rule.cost.max.ms: 250
                    fields:
                      extra: [custom.blob:base64]
                      replace: {windows: [Image]}
                      add: {web: ['user_agent.original'], windows: ['process.name:content']}
                    externals: {env_name: prod, tier: 3, strict_mode: true}
                  sigma:
                    dirs: [%s]
                    placeholders.file: %s
                  reload: {watch: true, debounce.ms: 150}
                """.formatted(yaraDir, sigmaDir, dir.resolve("ph.yml")));
        RuleSettings s = RuleSettings.from(cfg);
        assertFalse(s.sigmaBuiltin(), "rules.sigma.builtin follows rules.builtin");
        assertEquals(List.of(sigmaDir), s.sigmaDirs());
        assertEquals(dir.resolve("ph.yml"), s.sigmaPlaceholders());
        YaraConfig y = s.yara();
        assertTrue(y.bundledRules(), "rules.yara.builtin overrides rules.builtin");
        assertTrue(y.strict());
        assertEquals(RuleFiles.NamespaceMode.PER_FOLDER, y.namespaces());
        assertEquals(List.of(yaraDir), y.ruleDirs());
        assertEquals(2, y.limits().timeoutSeconds());
        assertEquals(4096, y.limits().maxBytesPerField());
        assertEquals(7, y.limits().maxMatchesPerScan());
        assertEquals(250, y.ruleCostMaxMillis());
        assertEquals(List.of(FieldSpec.text("Image"), new FieldSpec("process.name", FieldSpec.Decoding.NONE,
                FieldSpec.TargetType.CONTENT)), y.policy().fields(EventKind.WINDOWS));
        assertTrue(y.policy().fields(EventKind.WEB).contains(FieldSpec.text("url.original")), "web keeps its defaults");
        assertEquals(FieldSpec.text("user_agent.original"), y.policy().fields(EventKind.WEB).get(
                y.policy().fields(EventKind.WEB).size() - 1));
        assertEquals(List.of(FieldSpec.base64Content("custom.blob")), y.policy().extraFields());
        assertTrue(y.externals().containsAll(List.of(ExternalVariable.of("env_name", "prod"),
                ExternalVariable.of("tier", 3L), ExternalVariable.of("strict_mode", true),
                ExternalVariable.of("event_type", ""))), y.externals().toString());
        assertEquals(List.of(sigmaDir, yaraDir), s.watchedDirs());
        assertTrue(cfg.bool("rules.reload.watch"));
        assertEquals(150L, cfg.longValue("rules.reload.debounce.ms"));
    }

    @Test
    void theDocumentedExampleMapsOntoTheEngines() throws Exception {
        Path example = SharedData.repo().resolve("docs/centinela.example.yaml");
        CentinelaConfig cfg = CentinelaConfig.fromTree(new ObjectMapper(new YAMLFactory()).readTree(example.toFile()),
                Map.of("HEC_TOKEN", "t", "KAFKA_PASSWORD", "kp", "KAFKA_TRUSTSTORE_PASSWORD", "tp")::get);
        RuleSettings s = RuleSettings.from(cfg);
        assertTrue(s.yara().policy().fields(EventKind.WEB).contains(FieldSpec.text("user_agent.original")));
        assertTrue(s.yara().externals().contains(ExternalVariable.of("environment", "prod")));
        assertTrue(cfg.bool("rules.reload.watch"));
    }

    @Test
    void defaultsMatchTheEngineDefaults() throws Exception {
        RuleSettings s = RuleSettings.from(parse(""));
        YaraConfig d = YaraConfig.defaults(List.of());
        assertTrue(s.sigmaBuiltin());
        assertEquals(d.limits(), s.yara().limits());
        assertEquals(d.externals(), s.yara().externals());
        assertFalse(s.yara().strict());
        assertEquals(d.ruleCostMaxMillis(), s.yara().ruleCostMaxMillis());
        for (EventKind k : EventKind.values()) {
            assertEquals(d.policy().fields(k), s.yara().policy().fields(k), k.name());
        }
        assertEquals(null, RuleSettings.from(parse("rules: {builtin: false}\n")).yara(), "no YARA rules = no engine");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "rules.yara.strict: maybe                 | rules.yara.strict                 | expected true or false",
            "rules.yara.namespaces: per-rule          | rules.yara.namespaces             | must be one of [per-file, per-folder]",
            "rules.yara.scan.timeout.seconds: -1      | rules.yara.scan.timeout.seconds   | must be at least 0",
            "rules.yara.scan.max.bytes.per.field: 0   | rules.yara.scan.max.bytes.per.field | must be at least 1",
            "rules.yara.scan.max.matches: lots        | rules.yara.scan.max.matches       | expected a whole number",
            "rules.yara.rule.cost.max.ms: 0           | rules.yara.rule.cost.max.ms       | must be between 1",
            "rules.yara.fields.extra: [body:hex]      | rules.yara.fields.extra           | use name, name:text, name:content or name:base64",
            "rules.yara.fields.replace.windows: ['']   | rules.yara.fields.replace.windows | empty field name; an entry is name, name:text",
            "rules.yara.fields.add.email: [x:zip]     | rules.yara.fields.add.email       | unknown mode 'zip'",
            "rules.yara.externals: {1bad: x}          | rules.yara.externals              | is not a YARA identifier",
            "rules.yara.externals: [a, b]             | rules.yara.externals              | expected a map",
            "rules.sigma.builtin: sometimes           | rules.sigma.builtin               | expected true or false",
            "rules.yara.builtin: 2                    | rules.yara.builtin                | expected true or false",
            "rules.sigma.placeholders.file: /nonexistent/ph.yml | rules.sigma.placeholders.file | is not a readable file: fix the path",
            "rules.sigma.mapping.file: /nonexistent/m.yml | rules.sigma.mapping.file     | is not a readable file: fix the path",
            "rules.reload.watch: often                | rules.reload.watch                | expected true or false",
            "rules.reload.debounce.ms: -5             | rules.reload.debounce.ms          | must be at least 0",
            "rules.yara.fields.replace.windos: [x]    | rules.yara.fields.replace.windows | did you mean",
    })
    void eachBadValueNamesTheKeyAndTheFix(String line, String key, String fix) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(line + "\n"));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("'" + key + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(fix), e.getMessage());
    }

    @Test
    void missingRuleFoldersFailTheStartNamingTheKey() throws Exception {
        ConfigException sigma = assertThrows(ConfigException.class, () -> EngineFactory.create(new EngineFactory.Spec(
                RuleSettings.from(parse("rules: {builtin: false, sigma.dirs: [/nonexistent/sigma]}\n")), false, null)));
        assertTrue(sigma.getMessage().contains("/nonexistent/sigma") && sigma.getMessage().contains("rules.sigma.dirs"),
                sigma.getMessage());
        ConfigException yara = assertThrows(ConfigException.class, () -> EngineFactory.create(new EngineFactory.Spec(
                RuleSettings.from(parse("rules: {builtin: false, yara.dirs: [/nonexistent/yara]}\n")), false, null)));
        assertTrue(yara.getMessage().contains("/nonexistent/yara") && yara.getMessage().contains("rules.yara.dirs"),
                yara.getMessage());
    }

    @Test
    void brokenPlaceholderFileIsAConfigErrorWithLineAndKey(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("ph.yml"), "placeholders:\n  admins: {nested: map}\n");
        RuleSettings s = RuleSettings.from(parse("rules.sigma.placeholders.file: " + dir.resolve("ph.yml") + "\n"));
        ConfigException e = assertThrows(ConfigException.class, s::sigmaLoadOptions);
        assertTrue(e.getMessage().contains("rules.sigma.placeholders.file") && e.getMessage().contains("line 2"),
                e.getMessage());
    }

    @Test
    void placeholderValuesReachTheSigmaExpandModifier(@TempDir Path dir) throws Exception {
        Path rules = Files.createDirectories(dir.resolve("sigma"));
        Files.writeString(rules.resolve("admin_shell.yml"), """
                title: Admin Shell
                id: 5b0c6c2e-0000-4000-8000-00000000aa01
                status: test
                level: high
                logsource: {product: windows, category: process_creation}
                detection:
                  selection:
                    User|expand: '%admins%'
                    CommandLine|contains: cmd.exe
                  condition: selection
                """);
        Files.writeString(dir.resolve("ph.yml"), "placeholders:\n  admins: [root, boss]\n");
        Event boss = event("{\"EventID\":1,\"Channel\":\"Microsoft-Windows-Sysmon/Operational\",\"Provider_Name\":\"Microsoft-Windows-Sysmon\",\"User\":\"boss\","
                + "\"CommandLine\":\"cmd.exe /c whoami\"}");
        Event other = event("{\"EventID\":1,\"Channel\":\"Microsoft-Windows-Sysmon/Operational\",\"Provider_Name\":\"Microsoft-Windows-Sysmon\",\"User\":\"eve\","
                + "\"CommandLine\":\"cmd.exe /c whoami\"}");

        RuleSettings without = RuleSettings.from(parse("rules: {builtin: false, sigma.dirs: [" + rules + "]}\n"));
        EngineFactory.SigmaLoad none = EngineFactory.loadSigmaSet(without);
        assertEquals(0, none.rules().ruleCount());
        assertTrue(none.rejected().get(0).contains("admin_shell.yml") && none.rejected().get(0).contains("admins"),
                none.rejected().toString());

        RuleSettings with = RuleSettings.from(parse("rules: {builtin: false, sigma.dirs: [" + rules + "], "
                + "sigma.placeholders.file: " + dir.resolve("ph.yml") + "}\n"));
        EngineFactory.SigmaLoad loaded = EngineFactory.loadSigmaSet(with);
        assertEquals(1, loaded.rules().ruleCount(), loaded.rejected().toString());
        assertEquals(List.of("Admin Shell"), loaded.rules().evaluate(boss).stream().map(SigmaMatch::title).toList());
        assertEquals(List.of(), loaded.rules().evaluate(other));
    }

    @Test
    void scannedFieldsExternalsAndMatchCapReachLibyara(@TempDir Path dir) throws Exception {
        Path yara = Files.createDirectories(dir.resolve("yara"));
        Files.writeString(yara.resolve("test.yar"), """
                rule In_CommandLine { strings: $a = "evil-token" condition: $a }
                rule In_Image { strings: $a = "dropper-name" condition: $a }
                rule Prod_Only { strings: $a = "evil-token" condition: $a and env_name == "prod" }
                """);
        Event e = event("{\"EventID\":1,\"Channel\":\"Microsoft-Windows-Sysmon/Operational\",\"Provider_Name\":\"Microsoft-Windows-Sysmon\","
                + "\"Image\":\"C:\\\\Temp\\\\dropper-name.exe\",\"CommandLine\":\"run evil-token now\"}");
        assertEquals(List.of("In_CommandLine"), scan("rules: {builtin: false, yara.dirs: [" + yara + "], "
                + "yara.externals: {env_name: dev}}\n", e));
        assertEquals(List.of("In_CommandLine", "Prod_Only"), scan("rules: {builtin: false, yara.dirs: [" + yara + "], "
                + "yara.externals: {env_name: prod}}\n", e));
        assertEquals(List.of("In_Image"), scan("rules: {builtin: false, yara.dirs: [" + yara + "], "
                + "yara.externals: {env_name: prod}, yara.fields.replace.windows: [Image]}\n", e));
        assertEquals(List.of("In_CommandLine", "In_Image"), scan("rules: {builtin: false, yara.dirs: [" + yara + "], "
                + "yara.externals: {env_name: dev}, yara.fields.add.windows: [Image]}\n", e));
        assertEquals(1, scan("rules: {builtin: false, yara.dirs: [" + yara + "], yara.externals: {env_name: prod}, "
                + "yara.scan.max.matches: 1}\n", e).size(), "rules.yara.scan.max.matches caps the matches");
    }

    @Test
    void strictYaraRefusesABrokenFileAtStartNamingTheKey(@TempDir Path dir) throws Exception {
        Path yara = Files.createDirectories(dir.resolve("yara"));
        Files.writeString(yara.resolve("good.yar"), "rule Good { strings: $a = \"x1\" condition: $a }\n");
        Files.writeString(yara.resolve("bad.yar"), "rule Bad { strings: $a = \"x2\" condition: $b }\n");
        String yaml = "rules: {builtin: false, yara.dirs: [" + yara + "], yara.strict: %s}\n";
        ConfigException e = assertThrows(ConfigException.class,
                () -> EngineFactory.loadYara(RuleSettings.from(parse(yaml.formatted("true")))));
        assertTrue(e.getMessage().contains("bad.yar") && e.getMessage().contains("rules.yara.strict: false"), e.getMessage());
        try (YaraEngine lenient = EngineFactory.loadYara(RuleSettings.from(parse(yaml.formatted("false"))))) {
            assertEquals(1, lenient.rules().ruleCount(), "the broken file is skipped, the good one loads");
            assertTrue(lenient.rules().rejected().toString().contains("bad.yar"), lenient.rules().rejected().toString());
        }
    }

    private static List<String> scan(String yaml, Event e) throws Exception {
        try (YaraEngine engine = EngineFactory.loadYara(RuleSettings.from(parse(yaml)));
             EventScanner s = engine.newScanner()) {
            return s.scan(e).stream().map(YaraMatch::rule).sorted().toList();
        }
    }

    @Test
    void theSigmaCacheKeysPlaceTheParsedRuleCacheOrSwitchItOff(@TempDir Path dir) throws Exception {
        Path sigmaDir = Files.createDirectories(dir.resolve("sigma"));
        Files.writeString(sigmaDir.resolve("r.yml"), """
                title: t
                logsource: {product: windows}
                detection: {sel: {EventID: 1}, condition: sel}
                """);
        Path cacheDir = dir.resolve("cache");
        RuleSettings on = RuleSettings.from(parse("rules: {builtin: false, sigma: {dirs: [" + sigmaDir
                + "], cache: {dir: " + cacheDir + "}}}\n"));
        assertEquals(cacheDir, on.sigmaCacheDir());
        EngineFactory.loadSigmaSet(on);
        try (var files = Files.list(cacheDir)) {
            List<Path> written = files.toList();
            assertEquals(1, written.size(), written.toString());
            assertTrue(written.get(0).getFileName().toString().startsWith("sigma-parsed-"), written.toString());
        }
        RuleSettings off = RuleSettings.from(parse("rules: {builtin: false, sigma: {dirs: [" + sigmaDir
                + "], cache: {enabled: false, dir: " + cacheDir + "}}}\n"));
        assertEquals(null, off.sigmaCacheDir());
        assertEquals(io.centinela.sigma.load.ParsedRuleCache.defaultDir(),
                RuleSettings.from(parse("rules: {builtin: false}\n")).sigmaCacheDir());
    }
}
