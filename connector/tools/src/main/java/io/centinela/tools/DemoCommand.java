package io.centinela.tools;

import io.centinela.cli.Inputs;
import io.centinela.config.CentinelaConfig;
import io.centinela.config.ConfigException;
import io.centinela.demo.DemoRun;
import io.centinela.demo.EventGenerator;
import io.centinela.testkit.EmbeddedKafkaBroker;
import io.centinela.pipeline.AnalysisEngines;
import io.centinela.pipeline.EngineFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static io.centinela.config.CentinelaConfig.CONNECTOR_ID;
import static io.centinela.config.CentinelaConfig.HEC_ALLOW_PLAINTEXT;
import static io.centinela.config.CentinelaConfig.HEC_INDEX;
import static io.centinela.config.CentinelaConfig.HEC_TOKEN;
import static io.centinela.config.CentinelaConfig.HEC_URLS;
import static io.centinela.config.CentinelaConfig.KAFKA_BOOTSTRAP_SERVERS;
import static io.centinela.config.CentinelaConfig.KAFKA_GROUP_ID;
import static io.centinela.config.CentinelaConfig.KAFKA_TOPICS;
import static io.centinela.config.CentinelaConfig.OUTPUT_ALERTS_FILE;
import static io.centinela.config.CentinelaConfig.PIPELINE_SCORING_BUDGET;
import static io.centinela.config.CentinelaConfig.PIPELINE_SCORING_POLICY;
import static io.centinela.config.CentinelaConfig.PIPELINE_WORKERS;

/**
 * {@code centinela demo}: starts a Kafka broker in-process, replays the project's generated stream with attack
 * scenarios, and runs the full pipeline; alerts go to alerts.jsonl (HEC envelope form) and to Splunk when given.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the full pipeline on an in-process Kafka broker with a generated event stream.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--events", defaultValue = "20000", description = "Events to generate (default ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--seed", defaultValue = "42", description = "Generator seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--attack-rate", defaultValue = "0.002", description = "Share of attack scenarios (default ${DEFAULT-VALUE}).")
    double attackRate;

    @Option(names = "--alerts", defaultValue = "alerts.jsonl", description = "Alert file, HEC envelope per line (default ${DEFAULT-VALUE}).")
    Path alerts;

    @Option(names = "--hec-url", description = "Also send alerts to this Splunk HEC base URL (https://host:8088); repeatable.")
    List<String> hecUrls = new ArrayList<>();

    @Option(names = "--hec-token", description = "HEC token (or set CENTINELA_HEC_TOKEN).")
    String hecToken;

    @Option(names = "--hec-index", description = "Splunk index for alerts (default: the token's).")
    String hecIndex;

    @Option(names = "--sigma-dir", description = "Extra Sigma rule folder, e.g. a SigmaHQ checkout; repeatable.")
    List<Path> sigmaDirs = new ArrayList<>();

    @Option(names = "--yara-dir", description = "Extra YARA rule folder; repeatable.")
    List<Path> yaraDirs = new ArrayList<>();

    @Option(names = "--no-builtin-rules", description = "Skip the project's own rules.")
    boolean noBuiltin;


    @Option(names = "--model-dir", description = "Model package folder (default: models/default when present).")
    Path modelDir;

    @Option(names = "--no-model", description = "Do not score events with the model.")
    boolean noModel;

    // The default model was trained on lab corpora and flags most of the generator's background traffic, which it never
    // saw as benign (docs/model.md). The site baseline (baseline.enabled, on by default) learns the stream's first
    // events of each kind and then vetoes verdicts on what the site does every day (docs/baseline.md), so the model
    // scores every event and model-alone alerts stay few.
    @Option(names = "--scoring", defaultValue = "all",
            description = "Which events the model scores: all, kinds, rule-hits-first, none (default ${DEFAULT-VALUE}).")
    String scoring;

    @Option(names = "--scoring-budget", defaultValue = "0",
            description = "Under rule-hits-first: events without a rule hit scored per chunk (default ${DEFAULT-VALUE}).")
    int scoringBudget;

    @Option(names = "--workers", description = "Analysis threads (default: CPU cores).")
    Integer workers;

    @Option(names = "--baseline-seed", defaultValue = "7", description = "Generator seed of the background traffic the "
            + "site baseline is pre-built from (not the stream's; default ${DEFAULT-VALUE}; docs/baseline.md).")
    long baselineSeed;

    @Option(names = "--baseline-events", defaultValue = "10000",
            description = "Background events the baseline is pre-built from; 0 = warm up on the stream itself (default ${DEFAULT-VALUE}).")
    int baselineEvents;

    @Option(names = "--no-baseline", description = "No site baseline: every model verdict counts alone.")
    boolean noBaseline;

    @Option(names = "--partitions", defaultValue = "3", description = "Partitions per topic (default ${DEFAULT-VALUE}).")
    int partitions;

    @Override
    public Integer call() throws Exception {
        Inputs.requireExisting("Sigma rule folder", sigmaDirs);
        Inputs.requireExisting("YARA rule folder", yaraDirs);
        Inputs.requireExisting("model package", modelDir);
        String token = hecToken != null ? hecToken : System.getenv("CENTINELA_HEC_TOKEN");
        if (!hecUrls.isEmpty() && (token == null || token.isBlank())) {
            System.err.println("centinela demo: --hec-url needs --hec-token (or CENTINELA_HEC_TOKEN)");
            return 2;
        }
        System.err.println("centinela demo: loading the rules" + (noModel ? "" : " and the model") + "...");
        AnalysisEngines engines;
        try {
            engines = EngineFactory.create(new EngineFactory.Spec(!noBuiltin, sigmaDirs, yaraDirs, !noModel, modelDir));
        } catch (ConfigException e) {
            System.err.println("centinela demo: " + e.getMessage());
            return 2;
        }
        System.err.printf("centinela demo: %d rules loaded, model %s%n", engines.rulesLoaded(), engines.modelVersion());
        Files.deleteIfExists(alerts);
        Path streamsState = null;
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker()) {
            System.err.println("centinela demo: starting an in-process Kafka broker (KRaft)...");
            broker.start();
            for (String t : EventGenerator.TOPICS) {
                broker.createTopics(partitions, t, t + ".dlq");
            }
            List<EventGenerator.Generated> stream = new EventGenerator(seed).generate(events, attackRate);
            System.err.printf("centinela demo: producing %,d events (seed %d) to %s at %s%n", stream.size(), seed,
                    EventGenerator.TOPICS, broker.bootstrapServers());
            Map<String, String> scenarios = DemoRun.produce(broker, stream, partitions);
            Map<String, Object> cfg = new LinkedHashMap<>();
            cfg.put(CONNECTOR_ID, "centinela-demo");
            cfg.put(KAFKA_BOOTSTRAP_SERVERS, broker.bootstrapServers());
            cfg.put(KAFKA_GROUP_ID, "centinela-demo");
            // a fresh topology state per run: the broker is new each time, so yesterday's state would be "corrupted";
            // under the user's cache folder rather than /tmp, where Kafka Streams warns that the OS may clear it
            streamsState = Files.createTempDirectory(Files.createDirectories(
                    io.centinela.sigma.load.ParsedRuleCache.defaultDir()), "demo-streams-");
            cfg.put(io.centinela.config.CentinelaConfig.RISK_STATE_DIR, streamsState.toString());
            Map<String, String> topics = new LinkedHashMap<>();
            topics.put(EventGenerator.SYSMON, "evtx-json");
            topics.put(EventGenerator.WEB, "ecs-web");
            topics.put(EventGenerator.EMAIL, "ecs-email");
            cfg.put(KAFKA_TOPICS, topics);
            cfg.put(OUTPUT_ALERTS_FILE, alerts.toString());
            cfg.put(PIPELINE_SCORING_POLICY, scoring);
            cfg.put(PIPELINE_SCORING_BUDGET, scoringBudget);
            if (noBaseline) {
                cfg.put(io.centinela.config.CentinelaConfig.BASELINE_ENABLED, false);
            } else if (engines.model() != null && baselineEvents > 0) {
                if (baselineSeed == seed) {
                    System.err.println("centinela demo: --baseline-seed equals --seed: the baseline would have learned the stream's own background");
                }
                Path bf = Files.createTempFile("centinela-demo-baseline", ".bin");
                bf.toFile().deleteOnExit();
                io.centinela.baseline.SiteBaseline.Summary sum = io.centinela.demo.DemoBaseline.build(engines.model(),
                        baselineSeed, baselineEvents, io.centinela.baseline.SiteBaseline.Settings.defaults().warmUpEvents(), bf);
                System.err.printf("centinela demo: site baseline pre-built from %,d background events of seed %d: %s%n",
                        baselineEvents, baselineSeed, sum.kinds().stream().map(k -> k.kind() + " " + k.learned()).toList());
                cfg.put(io.centinela.config.CentinelaConfig.BASELINE_PATH, bf.toString());
            }
            if (workers != null) {
                cfg.put(PIPELINE_WORKERS, workers);
            }
            if (!hecUrls.isEmpty()) {
                cfg.put(HEC_URLS, hecUrls);
                cfg.put(HEC_TOKEN, token);
                cfg.put(HEC_ALLOW_PLAINTEXT, true); // a demo may target a local Splunk over http: warned, not refused
                if (hecIndex != null) {
                    cfg.put(HEC_INDEX, hecIndex);
                }
            }
            CentinelaConfig config = CentinelaConfig.fromMap(cfg);
            DemoRun.Report r = DemoRun.run(broker, config, engines, scenarios, alerts, System.err);
            DemoRun.printReport(r, System.out);
            System.out.printf("  alerts written to %s%s%n", alerts.toAbsolutePath(),
                    hecUrls.isEmpty() ? "" : " and Splunk HEC " + hecUrls);
            return 0;
        } catch (ConfigException e) {
            System.err.println("centinela demo: " + e.getMessage());
            return 2;
        } finally {
            engines.close();
            deleteTree(streamsState);
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (java.io.IOException e) {
            System.err.println("centinela demo: could not remove " + dir + ": " + e.getMessage());
        }
    }
}
