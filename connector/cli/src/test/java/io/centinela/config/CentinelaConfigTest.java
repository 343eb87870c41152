package io.centinela.config;

import io.centinela.secret.Secret;
import io.centinela.testkit.SharedData;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.centinela.cli.CentinelaCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CentinelaConfigTest {

    private static final String VALID = """
            kafka:
              bootstrap.servers: 127.0.0.1:9092
              topics: {sysmon: evtx-json, web: auto}
              properties:
                security.protocol: SASL_SSL
                sasl.jaas.config: org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="p4ss";
            hec:
              urls: [https://splunk.example:8088]
              token: ${HEC_TOKEN}
            """;

    private static CentinelaConfig parse(String yaml, Map<String, String> env) throws Exception {
        return CentinelaConfig.fromTree(new ObjectMapper(new YAMLFactory()).readTree(yaml), env::get);
    }

    @Test
    void validConfigParsesWithDefaultsAndMasksSecrets() throws Exception {
        CentinelaConfig c = parse(VALID, Map.of("HEC_TOKEN", "aaaaaaaa-1111-2222-3333-444444444444"));
        assertEquals("aaaaaaaa-1111-2222-3333-444444444444", c.secret("hec.token").reveal());
        assertEquals(900_000, c.integer("hec.batch.max.bytes"));
        assertEquals("SASL_SSL", c.kafkaProperties().getProperty("security.protocol"));
        assertEquals(2, c.topics().size());
        String shown = c.toString() + c.hecConfig();
        assertFalse(shown.contains("aaaaaaaa-1111"), "token never shown: " + shown);
        assertFalse(shown.contains("p4ss"), "SASL secret never shown");
    }

    @Test
    void unknownKeyNamesTheKeyAndSuggests() {
        var e = assertThrows(ConfigException.class, () -> parse(VALID + "  tokn: x\n", Map.of("HEC_TOKEN", "t")));
        assertTrue(e.getMessage().contains("unknown key 'hec.tokn' (did you mean 'hec.token'?)"), e.getMessage());
    }

    @Test
    void missingTokenAndEnvVariableAreExplained() {
        var e = assertThrows(ConfigException.class, () -> parse(VALID, Map.of()));
        assertTrue(e.getMessage().contains("HEC_TOKEN, which is not set"), e.getMessage());
        var e2 = assertThrows(ConfigException.class, () -> parse(VALID.replace("  token: ${HEC_TOKEN}\n", ""), Map.of()));
        assertTrue(e2.getMessage().contains("missing 'hec.token'"), e2.getMessage());
    }

    @Test
    void badValuesAreAllReportedWithTheKey() {
        var e = assertThrows(ConfigException.class, () -> parse(VALID + """
                pipeline:
                  workers: zero
                  scoring.policy: sometimes
                """ + "\n", Map.of("HEC_TOKEN", "t")));
        assertTrue(e.getMessage().contains("bad value for 'pipeline.workers': expected a whole number"), e.getMessage());
        assertTrue(e.getMessage().contains("bad value for 'pipeline.scoring.policy'"), e.getMessage());
        assertEquals(2, e.problems().size());
        var e2 = assertThrows(ConfigException.class, () -> parse(VALID.replace("evtx-json", "xml"), Map.of("HEC_TOKEN", "t")));
        assertTrue(e2.getMessage().contains("kafka.topics") && e2.getMessage().contains("unknown event format 'xml'"), e2.getMessage());
    }

    @Test
    void theDocumentedExampleConfigIsValid() throws Exception {
        Path example = SharedData.repo().resolve("docs/centinela.example.yaml");
        CentinelaConfig c = CentinelaConfig.fromTree(new ObjectMapper(new YAMLFactory()).readTree(example.toFile()),
                Map.of("HEC_TOKEN", "t", "KAFKA_PASSWORD", "kp", "KAFKA_TRUSTSTORE_PASSWORD", "tp")::get);
        assertEquals(4, c.topics().size());
        assertEquals(2, c.hecConfig().uris().size());
        assertFalse(c.toString().contains("kp\""), "SASL password masked");
    }

    @Test
    void secretToStringIsMasked() {
        assertEquals("[hidden]", Secret.of("abc").toString());
    }

    @Test
    void referenceTableListsEveryKey() {
        String md = CentinelaConfig.DEF.toMarkdown();
        for (var k : CentinelaConfig.DEF.keys()) {
            assertTrue(md.contains("`" + k.name() + "`"), k.name());
        }
    }

    @Test
    void runExitsNonZeroWithAClearMessage(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("c.yaml");
        Files.writeString(cfg, """
                kafka:
                  bootstrap.servers: 127.0.0.1:1
                  topics: {t: auto}
                  startup.timeout.ms: 1500
                rules.builtin: false
                model.enabled: false
                """);
        Result r = run("run", "--config", cfg.toString());
        assertEquals(2, r.code);
        assertTrue(r.err.contains("cannot reach Kafka at 127.0.0.1:1") && r.err.contains("kafka.bootstrap.servers"), r.err);

        Files.writeString(cfg, "kafka:\n  bootstrap.servers: x:1\n  topics: {t: auto}\nhec:\n  urls: [https://h:8088]\n  bogus: 1\n");
        r = run("run", "--config", cfg.toString());
        assertEquals(2, r.code);
        assertTrue(r.err.contains("unknown key 'hec.bogus'") && r.err.contains("missing 'hec.token'") == false
                || r.err.contains("unknown key 'hec.bogus'"), r.err);

        r = run("run", "--config", dir.resolve("absent.yaml").toString());
        assertEquals(2, r.code);
        assertTrue(r.err.contains("does not exist"), r.err);
    }

    private static CentinelaConfig load(Path dir, String yaml) throws Exception {
        Path f = dir.resolve("centinela.yaml");
        Files.writeString(f, yaml);
        return CentinelaConfig.load(f);
    }

    private static final String MINIMAL = """
            kafka:
              bootstrap.servers: x:1
              topics: {t: auto}
            """;

    @Test
    void aKeySetTwiceInNestedAndDottedFormIsRefusedWithBothLines(@TempDir Path dir) {
        var e = assertThrows(ConfigException.class, () -> load(dir, """
                kafka:
                  bootstrap.servers: x:1
                  topics: {t: auto}
                  group.id: a
                pipeline.workers: 2
                kafka.group.id: b
                """));
        assertTrue(e.getMessage().contains("key 'kafka.group.id' is set twice: line 4 and line 6"), e.getMessage());
        var flow = assertThrows(ConfigException.class, () -> load(dir, MINIMAL + "kafka.topics: {u: auto}\n"));
        assertTrue(flow.getMessage().contains("key 'kafka.topics' is set twice: line 3 and line 4"), flow.getMessage());
    }

    @Test
    void aKeySetTwiceInOneMapIsRefusedWithBothLines(@TempDir Path dir) {
        var e = assertThrows(ConfigException.class, () -> load(dir, MINIMAL + """
                hec:
                  urls: [https://h:8088]
                  token: first
                  index: main
                  token: second
                """));
        assertTrue(e.getMessage().contains("key 'hec.token' is set twice: line 6 and line 8"), e.getMessage());
        assertFalse(e.getMessage().contains("first") || e.getMessage().contains("second"), "no value, only lines");
        var props = assertThrows(ConfigException.class, () -> load(dir, """
                kafka:
                  bootstrap.servers: x:1
                  topics: {t: auto}
                  properties:
                    security.protocol: SSL
                    security.protocol: PLAINTEXT
                """));
        assertTrue(props.getMessage().contains("key 'kafka.properties.security.protocol' is set twice: line 5 and line 6"),
                props.getMessage());
    }

    @Test
    void plainHttpHecIsRefusedUnlessAllowedAndThenWarned(@TempDir Path dir) throws Exception {
        String hec = "hec:\n  urls: [http://splunk.example:8088]\n  token: t\n";
        var e = assertThrows(ConfigException.class, () -> load(dir, MINIMAL + hec));
        assertTrue(e.getMessage().contains("'http://splunk.example:8088' is plain HTTP")
                && e.getMessage().contains("hec.allow.plaintext: true"), e.getMessage());
        CentinelaConfig allowed = load(dir, MINIMAL + hec + "  allow.plaintext: true\n");
        assertEquals(1, allowed.warnings().size(), allowed.warnings().toString());
        assertTrue(allowed.warnings().get(0).contains("travel in clear"), allowed.warnings().toString());
        assertEquals(List.of(), load(dir, MINIMAL + hec.replace("http:", "https:")).warnings());
    }

    @Test
    void badFusionValuesFailAtLoadNamingTheKey(@TempDir Path dir) {
        var range = assertThrows(ConfigException.class, () -> load(dir, MINIMAL + "fusion:\n  highThreshold: 150\n"));
        assertTrue(range.getMessage().contains("bad value for 'fusion.highThreshold': must be between 0 and 100"),
                range.getMessage());
        var order = assertThrows(ConfigException.class, () -> load(dir, MINIMAL
                + "fusion: {lowThreshold: 50, mediumThreshold: 40}\n"));
        assertTrue(order.getMessage().contains("lowThreshold 50 <= mediumThreshold 40"), order.getMessage());
        var typo = assertThrows(ConfigException.class, () -> load(dir, MINIMAL + "fusion: {hihgPoints: 80}\n"));
        assertTrue(typo.getMessage().contains("unknown key 'fusion.hihgPoints' (did you mean 'fusion.highPoints'?)"),
                typo.getMessage());
        var level = assertThrows(ConfigException.class, () -> load(dir, MINIMAL + "fusion: {suppressUpTo: severe}\n"));
        assertTrue(level.getMessage().contains("bad value for 'fusion.suppressUpTo'"), level.getMessage());
    }

    @Test
    void fusionValuesBecomeThePolicy(@TempDir Path dir) throws Exception {
        CentinelaConfig c = load(dir, MINIMAL + """
                fusion:
                  highPoints: 80
                  suppressRuleHitsBelowModelScore: 0.1
                  suppressUpTo: low
                """);
        assertEquals(80, c.fusionPolicy().highPoints());
        assertEquals(0.1, c.fusionPolicy().suppressRuleHitsBelowModelScore());
        assertEquals(io.centinela.alert.Severity.LOW, c.fusionPolicy().suppressUpTo());
        assertEquals(io.centinela.fusion.FusionPolicy.defaults(), load(dir, MINIMAL).fusionPolicy(), "defaults in one place");
    }

    @Test
    void anUnknownScoringKindFailsAtLoadNamingTheKey(@TempDir Path dir) {
        var e = assertThrows(ConfigException.class, () -> load(dir, MINIMAL + "pipeline.scoring.kinds: [windwos]\n"));
        assertTrue(e.getMessage().contains("bad value for 'pipeline.scoring.kinds': unknown event kind 'windwos'"),
                e.getMessage());
    }

    @Test
    void anAlertsFileThatCannotBeWrittenIsExit2BeforeTheBrokerIsTried(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("c.yaml");
        Files.writeString(cfg, MINIMAL + "rules.builtin: false\nmodel.enabled: false\noutput.alerts.file: "
                + dir.resolve("missing/alerts.jsonl") + "\n");
        Result r = run("run", "--config", cfg.toString());
        assertEquals(2, r.code);
        assertTrue(r.err.contains("bad value for 'output.alerts.file': cannot write " + dir.resolve("missing/alerts.jsonl")),
                r.err);
    }

    @Test
    void aBadKafkaClientPropertyIsExit2NamingTheKey(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("c.yaml");
        Files.writeString(cfg, MINIMAL + "  properties: {request.timeout.ms: soon}\nrules.builtin: false\nmodel.enabled: false\n");
        Result r = run("run", "--config", cfg.toString());
        assertEquals(2, r.code, r.err);
        assertTrue(r.err.contains("bad value in 'kafka.properties'") && r.err.contains("request.timeout.ms"), r.err);
    }

    @Test
    void runWithADirectoryAsConfigSaysSoAndNamesTheFile(@TempDir Path dir) throws Exception {
        Result r = run("run", "--config", dir.toString());
        assertEquals(2, r.code);
        assertTrue(r.err.contains("is a directory") && r.err.contains("YAML file"), r.err);
        Files.writeString(dir.resolve("centinela.yaml"), MINIMAL);
        r = run("run", "--config", dir.toString());
        assertTrue(r.err.contains("e.g. " + dir.resolve("centinela.yaml")), r.err);
    }

    @Test
    void theDocTableIsTheGeneratedReference() throws Exception {
        String doc = Files.readString(SharedData.repo().resolve("docs/connector.md"));
        String table = CentinelaConfig.DEF.toMarkdown();
        assertTrue(doc.contains(table), "docs/connector.md's key table drifted from CentinelaConfig.DEF: paste the "
                + "output of ./centinela run --config-reference into its Configuration reference section");
    }

    private record Result(int code, String err) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = CentinelaCli.commandLine().execute(args);
            return new Result(code, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(old);
        }
    }
}
