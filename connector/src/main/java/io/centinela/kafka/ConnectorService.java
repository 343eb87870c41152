package io.centinela.kafka;

import io.centinela.pipeline.Slot;
import io.centinela.config.CentinelaConfig;
import io.centinela.config.ConfigException;
import io.centinela.event.EventNormalizer;
import io.centinela.event.EventParser;
import io.centinela.hec.HecClient;
import io.centinela.alert.HecEnvelope;
import io.centinela.pipeline.AlertDelivery;
import io.centinela.pipeline.AlertTopicDrain;
import io.centinela.risk.DetectionPublisher;
import io.centinela.risk.RiskPolicy;
import io.centinela.risk.RiskStreams;
import io.centinela.risk.RiskStreamsConfig;
import io.centinela.pipeline.AnalysisEngines;
import io.centinela.pipeline.RuleFolderWatcher;
import io.centinela.pipeline.RuleReloader;
import io.centinela.pipeline.EventAnalyzer;
import io.centinela.pipeline.PipelineStats;
import io.centinela.pipeline.ScoringPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.centinela.config.CentinelaConfig.HEC_BATCH_LINGER_MS;
import static io.centinela.config.CentinelaConfig.KAFKA_DLQ_UNDERSIZED;
import static io.centinela.config.CentinelaConfig.RISK_DETECTIONS_TOPIC;
import static io.centinela.config.CentinelaConfig.RISK_ENABLED;
import static io.centinela.config.CentinelaConfig.CORRELATION_ENABLED;
import static io.centinela.config.CentinelaConfig.CORRELATION_GRACE_MS;
import static io.centinela.config.CentinelaConfig.CORRELATION_KEYS_MAX;
import static io.centinela.config.CentinelaConfig.RISK_ALERTS_TOPIC;
import static io.centinela.config.CentinelaConfig.HEC_BATCH_MAX_BYTES;
import static io.centinela.config.CentinelaConfig.HEC_BATCH_MAX_EVENTS;
import static io.centinela.config.CentinelaConfig.HEC_HOST;
import static io.centinela.config.CentinelaConfig.HEC_INDEX;
import static io.centinela.config.CentinelaConfig.HEC_SENDERS;
import static io.centinela.config.CentinelaConfig.HEC_SOURCE;
import static io.centinela.config.CentinelaConfig.KAFKA_BOOTSTRAP_SERVERS;
import static io.centinela.config.CentinelaConfig.KAFKA_COMMIT_INTERVAL_MS;
import static io.centinela.config.CentinelaConfig.KAFKA_DLQ_SUFFIX;
import static io.centinela.config.CentinelaConfig.KAFKA_GROUP_ID;
import static io.centinela.config.CentinelaConfig.KAFKA_MAX_POLL_RECORDS;
import static io.centinela.config.CentinelaConfig.KAFKA_PROPERTIES;
import static io.centinela.config.CentinelaConfig.KAFKA_STARTUP_TIMEOUT_MS;
import static io.centinela.config.CentinelaConfig.KAFKA_TOPICS;
import static io.centinela.config.CentinelaConfig.METRICS_LOG_INTERVAL_MS;
import static io.centinela.config.CentinelaConfig.OUTPUT_ALERTS_FILE;
import static io.centinela.config.CentinelaConfig.OUTPUT_ALERTS_TOPIC;
import static io.centinela.config.CentinelaConfig.PIPELINE_CHUNK_EVENTS;
import static io.centinela.config.CentinelaConfig.PIPELINE_EVENT_MAX_BYTES;
import static io.centinela.config.CentinelaConfig.PIPELINE_MAX_INFLIGHT_EVENTS;
import static io.centinela.config.CentinelaConfig.PIPELINE_SCORING_BUDGET;
import static io.centinela.config.CentinelaConfig.PIPELINE_SCORING_KINDS;
import static io.centinela.config.CentinelaConfig.PIPELINE_SCORING_POLICY;
import static io.centinela.config.CentinelaConfig.RULES_RELOAD_DEBOUNCE_MS;
import static io.centinela.config.CentinelaConfig.RULES_RELOAD_WATCH;
import static io.centinela.config.CentinelaConfig.RULES_SIGMA_DIRS;
import static io.centinela.config.CentinelaConfig.RULES_YARA_DIRS;

/**
 * The connector: a consumer-group member that analyses every record and delivers alerts at least once.
 *
 * <p>One poll thread owns the consumer. Records go to a {@link OffsetLedger} (per-partition slots) and, in chunks, to
 * worker threads ({@link EventAnalyzer}); alerts go to {@link AlertDelivery}. The poll thread commits, every
 * {@code kafka.commit.interval.ms}, per partition the lowest contiguous done offset. It pauses all partitions while
 * more than {@code pipeline.max.inflight.events} are pending or HEC is unhealthy, and keeps polling so the group
 * membership stays alive. On revoke it commits what is done and drops the partitions' in-flight work. Shutdown
 * drains in-flight work, commits, and closes. A fatal HEC answer stops the service without committing undelivered
 * alerts.
 *
 * <p>The constructor builds and checks what the configuration decides (scoring policy, event parser, HEC envelope, the
 * HEC client and its TLS material) and throws {@link ConfigException} for a bad value, before any thread or Kafka
 * client exists; {@code run} builds it before the poll loop, so such errors are exit code 2 at start.
 * With {@code risk.enabled} it also publishes detections, runs the entity-risk topology in-process and delivers the
 * risk alert topic through the same ledger (docs/risk.md).
 */
public final class ConnectorService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectorService.class);

    private final CentinelaConfig config;
    private final AnalysisEngines engines;
    private final PipelineStats stats;
    private final MeterRegistry meters;
    private final Duration drainTimeout;
    private volatile boolean running = true;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private Thread pollThread;
    private volatile boolean assignedOnce;
    private final AtomicInteger assignedCount = new AtomicInteger();
    private Heartbeat heartbeat;
    // built and checked in the constructor, so a bad value fails the start (exit 2), never the running loop
    private final ScoringPolicy scoringPolicy;
    private final EventParser parser;
    private final HecEnvelope envelope;
    private final HecClient hec;
    private final io.centinela.pipeline.BaselineStage baseline; // null = off; loaded last in the constructor
    private final io.centinela.pipeline.ShadowScorer shadow; // null = no model.shadow.dir; closed at the end of run

    public ConnectorService(CentinelaConfig config, AnalysisEngines engines, PipelineStats stats) {
        this(config, engines, stats, new SimpleMeterRegistry(), Duration.ofSeconds(60));
    }

    public ConnectorService(CentinelaConfig config, AnalysisEngines engines, PipelineStats stats, MeterRegistry meters,
                            Duration drainTimeout) {
        this.config = config;
        this.engines = engines;
        this.stats = stats;
        this.meters = meters;
        this.drainTimeout = drainTimeout;
        this.scoringPolicy = scoringPolicy(config);
        this.parser = new EventParser(config.integer(PIPELINE_EVENT_MAX_BYTES), EventParser.DEFAULT_MAX_DEPTH,
                new EventNormalizer());
        this.envelope = new HecEnvelope(config.string(HEC_HOST) != null ? config.string(HEC_HOST) : hostName(),
                config.string(HEC_SOURCE), config.string(HEC_INDEX));
        try {
            this.hec = config.hecUrls().isEmpty() ? null : new HecClient(config.hecConfig(), meters);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage() + ": fix the hec.* keys");
        }
        checkWritable(config.string(OUTPUT_ALERTS_FILE));
        checkClientProperties(config);
        config.warnings().forEach(w -> LOG.warn("config: {}", w));
        this.baseline = io.centinela.pipeline.BaselineStage.open(config, engines.model()); // a refused file: exit 2
        this.shadow = io.centinela.pipeline.ShadowScorer.open(config, engines.model()); // a refused candidate: exit 2
    }

    /** Kafka checks its client properties when a client is built: check them now, not in the poll loop. */
    private static void checkClientProperties(CentinelaConfig config) {
        Properties p = config.kafkaProperties();
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try {
            new ConsumerConfig(p);
            new ProducerConfig(p);
        } catch (KafkaException e) {
            throw new ConfigException("bad value in '" + KAFKA_PROPERTIES + "': " + e.getMessage()
                    + " (see the Kafka client configuration reference)");
        }
    }

    /** The alerts file must be writable now, not found unwritable by the poll loop (exit 1, producers open). */
    private static void checkWritable(String path) {
        if (path == null) {
            return;
        }
        Path file = Path.of(path).toAbsolutePath();
        Path dir = file.getParent();
        boolean ok = Files.exists(file) ? Files.isRegularFile(file) && Files.isWritable(file)
                : dir != null && Files.isDirectory(dir) && Files.isWritable(dir);
        if (!ok) {
            throw new ConfigException("bad value for '" + OUTPUT_ALERTS_FILE + "': cannot write " + file
                    + " (missing folder or no permission): create the folder or fix the path");
        }
    }

    /** The scoring policy of the {@code pipeline.scoring.*} keys; a bad one is a config error naming the key. */
    private static ScoringPolicy scoringPolicy(CentinelaConfig config) {
        try {
            return ScoringPolicy.parse(config.scoringPolicy(), config.list(PIPELINE_SCORING_KINDS),
                    config.integer(PIPELINE_SCORING_BUDGET));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("bad value for '" + PIPELINE_SCORING_KINDS + "' or '" + PIPELINE_SCORING_POLICY
                    + "': " + e.getMessage());
        }
    }

    public PipelineStats stats() {
        return stats;
    }

    /**
     * Checks the brokers and topics, and sizes the dead-letter topics ({@link DeadLetterTopics}); throws
     * {@link ConfigException} naming the key or topic setting to fix.
     */
    public void preflight() {
        Properties p = config.kafkaProperties();
        long timeout = config.longValue(KAFKA_STARTUP_TIMEOUT_MS);
        p.put("request.timeout.ms", String.valueOf(Math.min(timeout, 30000)));
        p.put("default.api.timeout.ms", String.valueOf(timeout));
        try (Admin admin = Admin.create(p)) {
            Set<String> existing;
            try {
                admin.describeCluster().nodes().get(timeout, TimeUnit.MILLISECONDS);
                existing = admin.listTopics().names().get(timeout, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw new ConfigException("cannot reach Kafka at " + config.string(KAFKA_BOOTSTRAP_SERVERS) + " within "
                        + timeout + " ms: check " + KAFKA_BOOTSTRAP_SERVERS + " (and the security settings in " + KAFKA_PROPERTIES + ")");
            }
            List<String> missing = new ArrayList<>();
            for (String t : config.topics().keySet()) {
                if (!existing.contains(t)) {
                    missing.add(t);
                }
            }
            if (!missing.isEmpty()) {
                throw new ConfigException("topic(s) " + missing + " do not exist on " + config.string(KAFKA_BOOTSTRAP_SERVERS)
                        + ": create them or fix " + KAFKA_TOPICS);
            }
            DeadLetterTopics.ensure(admin, config.topics().keySet(), config.string(KAFKA_DLQ_SUFFIX), existing,
                    "truncate".equalsIgnoreCase(config.string(KAFKA_DLQ_UNDERSIZED)), timeout);
            List<NewTopic> create = new ArrayList<>();
            String alertTopic = config.string(OUTPUT_ALERTS_TOPIC);
            if (alertTopic != null && !existing.contains(alertTopic)) {
                create.add(new NewTopic(alertTopic, java.util.Optional.empty(), java.util.Optional.empty()));
            }
            if (config.bool(RISK_ENABLED) || correlations().isPresent()) {
                // one partition: the one order every by-entity partition sees (docs/risk.md)
                if (!existing.contains(config.string(RISK_DETECTIONS_TOPIC))) {
                    create.add(new NewTopic(config.string(RISK_DETECTIONS_TOPIC), java.util.Optional.of(1), java.util.Optional.empty()));
                }
                if (!existing.contains(config.string(RISK_ALERTS_TOPIC))) {
                    create.add(new NewTopic(config.string(RISK_ALERTS_TOPIC), java.util.Optional.empty(), java.util.Optional.empty()));
                }
            }
            if (!create.isEmpty()) {
                try {
                    admin.createTopics(create).all().get(timeout, TimeUnit.MILLISECONDS);
                    LOG.info("created topics {}", create.stream().map(NewTopic::name).toList());
                } catch (Exception e) {
                    LOG.warn("could not create {} ({}); create them or allow the connector to", create.stream().map(NewTopic::name).toList(), e.toString());
                }
            }
        }
    }

    /** Starts the poll loop on its own thread. */
    public ConnectorService start() {
        pollThread = new Thread(this::runLoop, "centinela-poll");
        pollThread.start();
        return this;
    }

    /** Asks the loop to drain, commit and stop. */
    public void stop() {
        running = false;
    }

    /** Waits for the loop to end; returns the failure that stopped it, or null after a clean stop. */
    public Throwable await(Duration timeout) throws InterruptedException {
        pollThread.join(timeout.toMillis());
        return failure.get();
    }

    public boolean assigned() {
        return assignedOnce;
    }

    public int assignedPartitions() {
        return assignedCount.get();
    }

    /**
     * The correlation rules the topology evaluates: those loaded at start when {@code correlation.enabled} and the
     * Sigma set holds any (docs/sigma-correlation.md: a rule reload keeps these; restart to change correlations).
     */
    private java.util.Optional<io.centinela.sigma.correlation.CorrelationEngine> correlations() {
        if (!config.bool(CORRELATION_ENABLED) || !(engines.sigma() instanceof io.centinela.pipeline.SwappableSigma s)) {
            return java.util.Optional.empty();
        }
        return s.correlations().filter(c -> c.correlationCount() > 0);
    }

    @Override
    public void close() {
        stop();
        if (pollThread != null) {
            try {
                pollThread.join(drainTimeout.toMillis() + 30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (pollThread == null && shadow != null) {
            shadow.close(); // never run: run's end did not close it
        }
    }

    /** The shadow scorer, or null without {@code model.shadow.dir}. */
    public io.centinela.pipeline.ShadowScorer shadow() {
        return shadow;
    }

    /** The site baseline stage (counters, summary), or null when {@code baseline.enabled} is off or there is no model. */
    public io.centinela.pipeline.BaselineStage baseline() {
        return baseline;
    }

    /** Baseline meters: learned, refused, vetoed model verdicts, and the sample size of the kinds there are. */
    private void registerBaselineMeters() {
        java.util.function.ToDoubleFunction<java.util.concurrent.atomic.LongAdder> sum =
                java.util.concurrent.atomic.LongAdder::doubleValue;
        meters.gauge("centinela.baseline.learned", baseline.learned, sum);
        meters.gauge("centinela.baseline.refused", java.util.List.of(io.micrometer.core.instrument.Tag.of("reason",
                "detection")), baseline.refusedDetected, sum);
        meters.gauge("centinela.baseline.refused", java.util.List.of(io.micrometer.core.instrument.Tag.of("reason",
                "contributor-cap")), baseline.refusedCapped, sum);
        meters.gauge("centinela.baseline.vetoed", baseline.vetoed, sum);
        // kinds appear with the stream (process start, web, windows event 4624, ...): one gauge each, from its first
        baseline.onNewKind(kind -> meters.gauge("centinela.baseline.size", java.util.List.of(
                io.micrometer.core.instrument.Tag.of("kind", kind)), baseline, b -> b.size(kind)));
    }

    /** With a live-model location as {@code model.dir}: swaps the model when its {@code current} pointer moves. */
    private RuleFolderWatcher startModelWatcher() {
        if (!(engines.model() instanceof io.centinela.pipeline.LiveScorer live)) {
            return null;
        }
        try {
            return RuleFolderWatcher.start("live-model", List.of(live.liveDir().dir()), config.ms(RULES_RELOAD_DEBOUNCE_MS), live::reload);
        } catch (java.io.UncheckedIOException e) {
            LOG.error("cannot watch the live model folder ({}): the model is swapped only at restart", e.getCause().toString());
            return null;
        }
    }

    /** With {@code rules.reload.watch}: reloads the rules when the configured rule folders change; else null. */
    private RuleFolderWatcher startRuleWatcher() {
        RuleReloader reloader = engines.reloader();
        if (reloader == null || !config.bool(RULES_RELOAD_WATCH)) {
            return null;
        }
        List<Path> dirs = reloader.settings().watchedDirs();
        if (dirs.isEmpty()) {
            LOG.warn("{} is on but no {} / {} are configured: nothing to watch", RULES_RELOAD_WATCH, RULES_SIGMA_DIRS, RULES_YARA_DIRS);
            return null;
        }
        try {
            return RuleFolderWatcher.start(dirs, config.ms(RULES_RELOAD_DEBOUNCE_MS), reloader::reload);
        } catch (java.io.UncheckedIOException e) {
            LOG.error("cannot watch the rule folders ({}): rules are reloaded only on SIGHUP", e.getCause().toString());
            return null;
        }
    }

    private void runLoop() {
        try {
            loop();
        } catch (Throwable t) {
            LOG.error("connector stopped: {}", t.toString(), t);
            failure.compareAndSet(null, t);
        }
    }

    private void loop() throws InterruptedException {
        Properties client = config.kafkaProperties();
        LOG.info("connector {} starting: brokers {}, topics {}, group {}, client properties {}", config.connectorId(),
                config.string(KAFKA_BOOTSTRAP_SERVERS), config.topics(), config.string(KAFKA_GROUP_ID),
                config.kafkaPropertiesMasked());
        OffsetLedger ledger = new OffsetLedger();
        DeadLetterWriter dlq = new DeadLetterWriter(client, config.string(KAFKA_DLQ_SUFFIX),
                ex -> failure.compareAndSet(null, new KafkaException("dead-letter write failed", ex)));
        KafkaProducer<byte[], byte[]> alertProducer = null;
        if (config.string(OUTPUT_ALERTS_TOPIC) != null) {
            Properties pp = new Properties();
            pp.putAll(client);
            pp.put(ProducerConfig.ACKS_CONFIG, "all");
            try {
                alertProducer = new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer());
            } catch (KafkaException e) {
                dlq.close(); // nothing else is open yet
                throw e;
            }
        }
        String file = config.string(OUTPUT_ALERTS_FILE);
        AlertDelivery delivery = new AlertDelivery(hec, envelope, file == null ? null : Path.of(file), alertProducer,
                config.string(OUTPUT_ALERTS_TOPIC), dlq, stats, config.integer(HEC_BATCH_MAX_EVENTS),
                config.integer(HEC_BATCH_MAX_BYTES), config.ms(HEC_BATCH_LINGER_MS), config.integer(HEC_SENDERS));
        boolean riskOn = config.bool(RISK_ENABLED);
        java.util.Optional<io.centinela.sigma.correlation.CorrelationEngine> corr = correlations();
        String riskTopic = riskOn || corr.isPresent() ? config.string(RISK_ALERTS_TOPIC) : null;
        DetectionPublisher publisher = null;
        RiskStreams riskStreams = null;
        if (riskOn || corr.isPresent()) {
            Map<String, Object> rc = new java.util.HashMap<>();
            client.forEach((k, v) -> rc.put(String.valueOf(k), v));
            RiskPolicy riskPolicy = RiskPolicy.of(config);
            publisher = new DetectionPublisher(rc, config.string(RISK_DETECTIONS_TOPIC), riskPolicy, riskOn,
                    ex -> failure.compareAndSet(null, new KafkaException("detection publish failed", ex)));
            List<io.centinela.risk.RiskTopology.Branch> branches = new ArrayList<>();
            if (riskOn) {
                branches.add(io.centinela.risk.RiskTopology.risk(riskPolicy));
            }
            corr.ifPresent(c -> branches.add(io.centinela.risk.RiskTopology.correlation(
                    c.withGrace(Duration.ofMillis(config.longValue(CORRELATION_GRACE_MS))), config.integer(CORRELATION_KEYS_MAX))));
            riskStreams = RiskStreams.start(rc, RiskStreamsConfig.of(config), branches);
            for (var b : branches) {
                String n = b.engine().name();
                String prefix = "risk".equals(n) ? "centinela.risk." : "centinela." + n + ".";
                io.centinela.risk.KeyedStateStats rs = b.stats();
                meters.gauge(prefix + ("risk".equals(n) ? "entities" : "keys"), rs, io.centinela.risk.KeyedStateStats::keys);
                meters.gauge(prefix + "state.bytes", rs, io.centinela.risk.KeyedStateStats::stateBytes);
                meters.gauge(prefix + "detections", rs, io.centinela.risk.KeyedStateStats::detections);
                meters.gauge(prefix + "late", rs, io.centinela.risk.KeyedStateStats::late);
                meters.gauge(prefix + "evicted", rs, io.centinela.risk.KeyedStateStats::evicted);
                meters.gauge(prefix + "capped", rs, io.centinela.risk.KeyedStateStats::capped);
                meters.gauge(prefix + "alerts", rs, io.centinela.risk.KeyedStateStats::alerts);
            }
            meters.gauge("centinela.risk.only", stats.riskOnly, java.util.concurrent.atomic.LongAdder::doubleValue);
        }
        if (baseline != null) {
            registerBaselineMeters();
            baseline.startPersisting();
        }
        EventAnalyzer analyzer = new EventAnalyzer(parser, config.topics(), shadow == null ? engines : shadow.over(engines), scoringPolicy, delivery, dlq, stats,
                publisher, baseline);
        AlertTopicDrain drain = new AlertTopicDrain(delivery, dlq, stats);
        AtomicInteger threadNo = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(config.workers(), r -> {
            Thread t = new Thread(r, "centinela-worker-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        registerMeters(ledger, delivery, dlq);
        if (!config.hecUrls().isEmpty()) {
            heartbeat = new Heartbeat(config, engines, stats, hec, dlq, meters).start();
        }
        RuleFolderWatcher ruleWatcher = startRuleWatcher();
        RuleFolderWatcher modelWatcher = startModelWatcher();
        MetricsLog metricsLog = MetricsLog.start(config.ms(METRICS_LOG_INTERVAL_MS), () -> String.format(
                "events %d, alerts %d, delivered %d, dead-lettered %d, scored %d, unscored %d, shed %d, lag %d, in flight %d, "
                        + "HEC queue %d (counts since start)", stats.events.sum(), stats.alerts.sum(),
                stats.alertsDelivered.sum(), stats.deadLettered.sum(), stats.scored.sum(), stats.unscored.sum(),
                stats.shed.sum(), stats.consumerLag(), ledger.pending(), delivery.queued()));

        Properties cp = new Properties();
        cp.putAll(client);
        cp.put(ConsumerConfig.GROUP_ID_CONFIG, config.string(KAFKA_GROUP_ID));
        cp.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        cp.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // the risk topology writes its alerts in transactions: never deliver an aborted one
        cp.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        cp.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(config.integer(KAFKA_MAX_POLL_RECORDS)));
        cp.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, config.connectorId() + "-consumer");
        int chunk = config.integer(PIPELINE_CHUNK_EVENTS);
        long maxInflight = config.integer(PIPELINE_MAX_INFLIGHT_EVENTS);
        long commitEvery = config.ms(KAFKA_COMMIT_INTERVAL_MS).toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cp, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Set<String> subscribed = new HashSet<>(config.topics().keySet());
            if (riskTopic != null) {
                subscribed.add(riskTopic);
            }
            consumer.subscribe(subscribed, new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> parts) {
                    commit(consumer, ledger, ledger.committable(parts));
                    ledger.revoke(parts);
                    assignedCount.addAndGet(-parts.size());
                    LOG.info("partitions revoked: {}", parts);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> parts) {
                    assignedOnce = true;
                    assignedCount.addAndGet(parts.size());
                    LOG.info("partitions assigned: {}", parts);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> parts) {
                    ledger.revoke(parts);
                    assignedCount.addAndGet(-parts.size());
                    LOG.warn("partitions lost: {}", parts);
                }
            });
            long lastCommit = System.nanoTime();
            long lastLag = 0;
            boolean paused = false;
            long drainDeadline = Long.MAX_VALUE;
            while (true) {
                if (failure.get() != null || delivery.fatal() != null) {
                    commit(consumer, ledger, ledger.committable());
                    failure.compareAndSet(null, delivery.fatal());
                    break;
                }
                boolean stopping = !running;
                if (stopping && drainDeadline == Long.MAX_VALUE) {
                    drainDeadline = System.nanoTime() + drainTimeout.toNanos();
                    LOG.info("stopping: draining {} in-flight events", ledger.pending());
                }
                boolean wantPause = stopping || ledger.pending() > maxInflight || !delivery.healthy();
                if (wantPause) {
                    Set<TopicPartition> toPause = new HashSet<>(consumer.assignment());
                    toPause.removeAll(consumer.paused());
                    if (!toPause.isEmpty()) {
                        consumer.pause(toPause);
                    }
                    if (!paused && !stopping) {
                        LOG.info("pausing partitions: {} events in flight, HEC {}", ledger.pending(),
                                delivery.healthy() ? "healthy" : "down or busy");
                    }
                    paused = true;
                } else if (paused && ledger.pending() <= maxInflight / 2) {
                    consumer.resume(consumer.paused());
                    paused = false;
                    LOG.info("resuming partitions");
                }
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(Duration.ofMillis(100));
                } catch (org.apache.kafka.common.errors.WakeupException e) {
                    continue;
                }
                if (!records.isEmpty()) {
                    for (TopicPartition tp : records.partitions()) {
                        List<ConsumerRecord<byte[], byte[]>> part = records.records(tp);
                        List<Slot> slots = ledger.add(tp, part);
                        for (int i = 0; i < slots.size(); i += chunk) {
                            List<Slot> sub = slots.subList(i, Math.min(slots.size(), i + chunk));
                            boolean riskAlerts = tp.topic().equals(riskTopic);
                            workers.execute(() -> {
                                try {
                                    if (riskAlerts) {
                                        drain.process(sub);
                                    } else {
                                        analyzer.process(sub);
                                    }
                                } catch (Throwable t) {
                                    LOG.error("worker failed on {}: {}", tp, t.toString(), t);
                                    failure.compareAndSet(null, t);
                                }
                            });
                        }
                    }
                    if (paused) {
                        // records fetched before the pause took effect were accepted; new partitions get paused next turn
                        consumer.pause(consumer.assignment());
                    }
                }
                long now = System.nanoTime();
                if (now - lastCommit >= commitEvery || stopping) {
                    commit(consumer, ledger, ledger.committable());
                    lastCommit = now;
                }
                if (now - lastLag >= TimeUnit.SECONDS.toNanos(1)) {
                    stats.consumerLag(lag(consumer));
                    lastLag = now;
                }
                if (stopping && (ledger.pending() == 0 || now > drainDeadline)) {
                    if (ledger.pending() > 0) {
                        LOG.warn("drain timed out with {} events in flight; they will be re-read", ledger.pending());
                    }
                    commit(consumer, ledger, ledger.committable());
                    break;
                }
            }
        } finally {
            if (ruleWatcher != null) {
                ruleWatcher.close();
            }
            if (modelWatcher != null) {
                modelWatcher.close();
            }
            if (heartbeat != null) {
                heartbeat.close();
            }
            if (metricsLog != null) {
                metricsLog.close();
            }
            workers.shutdownNow();
            workers.awaitTermination(10, TimeUnit.SECONDS);
            if (shadow != null) {
                shadow.close();
            }
            delivery.close();
            analyzer.close();
            if (baseline != null) {
                baseline.close(); // the workers are stopped: the last save sees every learned chunk
            }
            if (publisher != null) {
                publisher.close();
            }
            if (riskStreams != null) {
                riskStreams.close();
            }
            dlq.close();
            if (alertProducer != null) {
                alertProducer.close(Duration.ofSeconds(10));
            }
            LOG.info("connector stopped: {} events, {} alerts delivered, {} dead-lettered", stats.events.sum(),
                    stats.alertsDelivered.sum(), stats.deadLettered.sum());
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "centinela";
        }
    }

    private static long lag(KafkaConsumer<byte[], byte[]> consumer) {
        long lag = 0;
        for (TopicPartition tp : consumer.assignment()) {
            lag += consumer.currentLag(tp).orElse(0);
        }
        return lag;
    }

    private static void commit(KafkaConsumer<byte[], byte[]> consumer, OffsetLedger ledger,
                               Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets, Duration.ofSeconds(10));
            ledger.committed(offsets);
        } catch (org.apache.kafka.clients.consumer.CommitFailedException
                 | org.apache.kafka.common.errors.RebalanceInProgressException e) {
            // expected after a rebalance: the new owner re-reads from the last commit
            LOG.info("commit skipped during a rebalance: {}", e.getMessage());
        } catch (org.apache.kafka.common.errors.RetriableException e) {
            LOG.warn("commit failed ({}); retrying at the next interval", e.toString());
        }
    }

    private void registerMeters(OffsetLedger ledger, AlertDelivery delivery, DeadLetterWriter dlq) {
        if (engines.reloader() != null) {
            meters.gauge("centinela.rules.reloads", engines.reloader(), RuleReloader::reloads);
            meters.gauge("centinela.rules.reload.failures", engines.reloader(), RuleReloader::failures);
            meters.gauge("centinela.yara.scan.timeouts", engines.reloader(), RuleReloader::yaraScanTimeouts);
            meters.gauge("centinela.yara.scan.retries", engines.reloader(), RuleReloader::yaraScanRetries);
            meters.gauge("centinela.yara.rules.quarantined", engines.reloader(), RuleReloader::yaraQuarantined);
        }
        if (shadow != null) {
            // would-alert decisions per package over the shadow period (model verdicts; the candidate never alerts)
            meters.gauge("centinela.model.shadow.events", shadow.scored, java.util.concurrent.atomic.LongAdder::doubleValue);
            meters.gauge("centinela.model.shadow.alerts", java.util.List.of(io.micrometer.core.instrument.Tag.of("package",
                    "live")), shadow.liveAlerts, java.util.concurrent.atomic.LongAdder::doubleValue);
            meters.gauge("centinela.model.shadow.alerts", java.util.List.of(io.micrometer.core.instrument.Tag.of("package",
                    "candidate")), shadow.candidateAlerts, java.util.concurrent.atomic.LongAdder::doubleValue);
        }
        if (engines.model() instanceof io.centinela.pipeline.LiveScorer live) {
            meters.gauge("centinela.model.reloads", live, io.centinela.pipeline.LiveScorer::reloads);
            meters.gauge("centinela.model.reload.failures", live, io.centinela.pipeline.LiveScorer::failures);
            meters.gauge("centinela.model.cache.hit.rate", live, l -> l.delegate()
                    instanceof io.centinela.model.serve.ClassifierScorer c ? c.cache().hitRate() : Double.NaN);
        }
        if (engines.model() instanceof io.centinela.model.serve.ClassifierScorer scorer) {
            // The template cache: how much of the stream the model did not have to score again.
            meters.gauge("centinela.model.cache.size", scorer.cache(), c -> c.size());
            meters.gauge("centinela.model.cache.hits", scorer.cache(), c -> c.hits());
            meters.gauge("centinela.model.cache.hit.rate", scorer.cache(), c -> c.hitRate());
        }
        meters.gauge("centinela.events", stats.events, java.util.concurrent.atomic.LongAdder::doubleValue);
        meters.gauge("centinela.alerts", stats.alerts, java.util.concurrent.atomic.LongAdder::doubleValue);
        meters.gauge("centinela.alerts.delivered", stats.alertsDelivered, java.util.concurrent.atomic.LongAdder::doubleValue);
        meters.gauge("centinela.dlq", stats.deadLettered, java.util.concurrent.atomic.LongAdder::doubleValue);
        meters.gauge("centinela.events.scored", stats.scored, java.util.concurrent.atomic.LongAdder::doubleValue);
        meters.gauge("centinela.events.shed", stats.shed, java.util.concurrent.atomic.LongAdder::doubleValue);
        meters.gauge("centinela.consumer.lag", stats, PipelineStats::consumerLag);
        meters.gauge("centinela.inflight", ledger, OffsetLedger::pending);
        meters.gauge("centinela.hec.queue", delivery, AlertDelivery::queued);
    }
}
