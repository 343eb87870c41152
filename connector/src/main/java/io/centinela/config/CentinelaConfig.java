package io.centinela.config;

import io.centinela.secret.Secret;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.centinela.event.EventFormat;
import io.centinela.event.EventKind;
import io.centinela.fusion.FusionPolicy;
import io.centinela.hec.HecConfig;
import io.centinela.yara.ScanLimits;
import io.centinela.yara.compile.ExternalVariable;
import io.centinela.yara.policy.FieldSpec;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.centinela.config.ConfigDef.REQUIRED;
import static io.centinela.config.ConfigDef.Type.BOOLEAN;
import static io.centinela.config.ConfigDef.Type.DOUBLE;
import static io.centinela.config.ConfigDef.Type.INT;
import static io.centinela.config.ConfigDef.Type.LIST;
import static io.centinela.config.ConfigDef.Type.LONG;
import static io.centinela.config.ConfigDef.Type.MAP;
import static io.centinela.config.ConfigDef.Type.PASSWORD;
import static io.centinela.config.ConfigDef.Type.STRING;
import static io.centinela.config.ConfigDef.atLeast;

/**
 * The connector's configuration ({@code centinela.yaml}). Nested YAML maps flatten to dotted keys
 * ({@code hec: {token: x}} = {@code hec.token}); {@code ${ENV_VAR}} in a value is replaced from the environment so
 * secrets stay out of the file. Every key is declared once, below, as a constant holding its name, in the statement
 * that defines its type, default, validator and doc ({@link #DEF}); code reads keys only through these constants.
 * Loading checks, besides each key: keys set twice ({@link DuplicateKeys}), keys that depend on each other (token
 * for HEC URLs, plain-HTTP HEC) and the {@code fusion.*} keys as one {@link FusionPolicy}. Immutable.
 */
public final class CentinelaConfig {

    /** Secret-looking Kafka client properties, masked when logged. */
    private static final Pattern SECRET_PROPERTY = Pattern.compile("(?i).*(password|secret|jaas|token|credential|\\.key$).*");
    private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    /** Where the HEC tuning defaults live ({@link HecConfig#defaults}); the URI and token are placeholders. */
    private static final HecConfig HEC = HecConfig.defaults(List.of(URI.create("https://hec.invalid:8088")), Secret.of(""));
    /** Where the fusion defaults live ({@link FusionPolicy#defaults}). */
    private static final FusionPolicy FUSION = FusionPolicy.defaults();
    private static final ConfigDef.Validator POINTS = ConfigDef.between(0, 100);
    private static final ConfigDef.Validator SEVERITY = ConfigDef.oneOf("informational", "low", "medium", "high", "critical");
    private static final ConfigDef.Builder KEYS = ConfigDef.builder();

    public static final String CONNECTOR_ID =
            KEYS.define("connector.id", STRING, null, "Name of this connector instance in heartbeats and logs; default <hostname>-<group id>.");
    public static final String KAFKA_BOOTSTRAP_SERVERS =
            KEYS.define("kafka.bootstrap.servers", STRING, REQUIRED, v -> ((String) v).isBlank() ? "set host:port[,host:port]" : null,
                    "Kafka brokers, host:port list.");
    public static final String KAFKA_GROUP_ID =
            KEYS.define("kafka.group.id", STRING, "centinela", "Consumer group id; instances with the same id share the partitions.");
    public static final String KAFKA_TOPICS =
            KEYS.define("kafka.topics", MAP, REQUIRED, v -> ((Map<?, ?>) v).isEmpty() ? "name at least one topic" : formatsValid((Map<?, ?>) v),
                    "Topics to analyse, each mapped to its event format (auto, evtx-json, winlogbeat, ecs-windows, "
                            + "flat-windows, ecs-web, ecs-email, generic).");
    public static final String KAFKA_PROPERTIES =
            KEYS.define("kafka.properties", MAP, Map.of(), "Kafka client properties passed through to the consumer and "
                    + "producers (security.protocol, sasl.*, ssl.*...). Values that look secret are masked in logs.");
    public static final String KAFKA_MAX_POLL_RECORDS =
            KEYS.define("kafka.max.poll.records", INT, 2000, atLeast(1), "Records per poll (bounded batch).");
    public static final String KAFKA_COMMIT_INTERVAL_MS =
            KEYS.define("kafka.commit.interval.ms", LONG, 1000L, atLeast(10), "How often done offsets are committed.");
    public static final String KAFKA_DLQ_SUFFIX =
            KEYS.define("kafka.dlq.suffix", STRING, ".dlq", "Dead-letter topic = source topic + this suffix.");
    public static final String KAFKA_DLQ_UNDERSIZED =
            KEYS.define("kafka.dlq.undersized", STRING, "fail", ConfigDef.oneOf("fail", "truncate"),
                    "A dead-letter topic whose max.message.bytes is below its source topic's and cannot be raised: fail = "
                    + "refuse to start (exit 2); truncate = start with a warning and dead-letter records it refuses as "
                    + "truncated copies (first 64 KiB, with SHA-256, size and reason headers).");
    public static final String KAFKA_STARTUP_TIMEOUT_MS =
            KEYS.define("kafka.startup.timeout.ms", LONG, 15000L, atLeast(100), "How long to wait for the brokers at start before failing.");
    public static final String PIPELINE_WORKERS =
            KEYS.define("pipeline.workers", INT, 0, atLeast(0),
                    "Analysis worker threads; 0 = one per CPU core.");
    public static final String PIPELINE_CHUNK_EVENTS =
            KEYS.define("pipeline.chunk.events", INT, 500, atLeast(1), "Events per work unit handed to a worker.");
    public static final String PIPELINE_MAX_INFLIGHT_EVENTS =
            KEYS.define("pipeline.max.inflight.events", INT, 50000, atLeast(100),
                    "Bound on events read but not yet done; the consumer pauses partitions above it (bounded memory).");
    public static final String PIPELINE_EVENT_MAX_BYTES =
            KEYS.define("pipeline.event.max.bytes", INT, 1 << 20, atLeast(64), "Larger records go to the dead-letter topic.");
    public static final String PIPELINE_SCORING_POLICY =
            KEYS.define("pipeline.scoring.policy", STRING, "all", ConfigDef.oneOf("all", "kinds", "rule-hits-first", "none"),
                    "Which events the model scores: all; kinds (only pipeline.scoring.kinds); rule-hits-first (events "
                            + "with a Sigma/YARA hit always, others up to pipeline.scoring.budget per chunk); none.");
    public static final String PIPELINE_SCORING_KINDS =
            KEYS.define("pipeline.scoring.kinds", LIST, List.of("windows", "web", "email"),
                    ConfigDef.eachItem(CentinelaConfig::checkKind), "Event kinds scored under policy 'kinds' (windows, linux, web, email, generic).");
    public static final String PIPELINE_SCORING_BUDGET =
            KEYS.define("pipeline.scoring.budget", INT, 256, atLeast(0), "Under rule-hits-first: events without a rule hit scored per chunk.");
    public static final String RULES_BUILTIN =
            KEYS.define("rules.builtin", BOOLEAN, true, "Load the project's own Sigma and YARA rules.");
    public static final String RULES_SIGMA_DIRS =
            KEYS.define("rules.sigma.dirs", LIST, List.of(), "Extra Sigma rule folders (e.g. a SigmaHQ checkout); a "
                    + "missing folder fails the start.");
    public static final String RULES_SIGMA_BUILTIN =
            KEYS.define("rules.sigma.builtin", BOOLEAN, null, "Load the project's own Sigma rules; empty = rules.builtin.");
    public static final String RULES_SIGMA_PLACEHOLDERS_FILE =
            KEYS.define("rules.sigma.placeholders.file", STRING, null, CentinelaConfig::checkFile,
                    "YAML file with values for %name% placeholders of the Sigma 'expand' modifier "
                            + "(placeholders: {name: [values]}); rules using a placeholder without a value are rejected.");
    public static final String RULES_SIGMA_MAPPING_FILE =
            KEYS.define("rules.sigma.mapping.file", STRING, null, CentinelaConfig::checkFile,
                    "Extra Sigma log-source mapping YAML; its entries replace built-in ones with the same match.");
    public static final String RULES_SIGMA_CACHE_ENABLED =
            KEYS.define("rules.sigma.cache.enabled", BOOLEAN, true, "Keep parsed Sigma rule files in a cache keyed by "
                    + "each file's SHA-256, so a restart with unchanged rules skips YAML parsing (compilation still runs).");
    public static final String RULES_SIGMA_CACHE_DIR =
            KEYS.define("rules.sigma.cache.dir", STRING, null, "Folder of the parsed Sigma rule cache; empty = "
                    + "$XDG_CACHE_HOME/centinela (else ~/.cache/centinela). A damaged cache file is ignored and rebuilt.");
    public static final String RULES_YARA_DIRS =
            KEYS.define("rules.yara.dirs", LIST, List.of(), "Extra YARA rule files or folders (*.yar, *.yara); a missing "
                    + "one fails the start.");
    public static final String RULES_YARA_BUILTIN =
            KEYS.define("rules.yara.builtin", BOOLEAN, null, "Load the project's own YARA rules; empty = rules.builtin.");
    public static final String RULES_YARA_STRICT =
            KEYS.define("rules.yara.strict", BOOLEAN, false, "true: refuse the whole YARA rule set when any file has an "
                    + "error (start fails, a reload keeps the old rules); false: reject the broken file, load the rest.");
    public static final String RULES_YARA_NAMESPACES =
            KEYS.define("rules.yara.namespaces", STRING, "per-file", ConfigDef.oneOf("per-file", "per-folder"),
                    "YARA namespace per rule file or per folder (rule names must be unique within one).");
    public static final String RULES_YARA_SCAN_TIMEOUT_SECONDS =
            KEYS.define("rules.yara.scan.timeout.seconds", INT, ScanLimits.DEFAULT.timeoutSeconds(), atLeast(0),
                    "libyara timeout per scanned buffer, whole seconds; 0 = none.");
    public static final String RULES_YARA_SCAN_MAX_BYTES_PER_FIELD =
            KEYS.define("rules.yara.scan.max.bytes.per.field", INT, ScanLimits.DEFAULT.maxBytesPerField(), atLeast(1),
                    "Bytes of one field scanned at most; the rest is cut and the match marked truncated.");
    public static final String RULES_YARA_RULE_COST_MAX_MS =
            KEYS.define("rules.yara.rule.cost.max.ms", INT, io.centinela.yara.YaraConfig.DEFAULT_RULE_COST_MAX_MILLIS,
                    ConfigDef.between(1, 60_000),
                    "Cost bound per YARA rule, ms: at load each rule is timed alone on 4 KiB of event text and 64 KiB "
                            + "of text; one above it is quarantined (not used, listed by rules check; strict: the set "
                            + "is refused). After a scan timeout the rules above it on that input are quarantined "
                            + "until the next reload and the buffer is scanned again without them.");
    public static final String RULES_YARA_SCAN_MAX_MATCHES =
            KEYS.define("rules.yara.scan.max.matches", INT, ScanLimits.DEFAULT.maxMatchesPerScan(), atLeast(1),
                    "Matching YARA rules reported per scan at most (the scan stops there).");
    public static final String RULES_YARA_FIELDS_EXTRA =
            KEYS.define("rules.yara.fields.extra", LIST, List.of(), ConfigDef.eachItem(CentinelaConfig::checkField),
                    "Fields scanned on every event kind besides the defaults. Entry: name, name:text, name:content "
                            + "or name:base64 (base64 file content); name = Sigma field or dotted JSON path.");
    public static final String RULES_YARA_EXTERNALS =
            KEYS.define("rules.yara.externals", MAP, Map.of(), CentinelaConfig::checkExternals,
                    "YARA external variables, name: value (true/false, integer, float or text), declared when "
                            + "compiling; event_type is always declared and set per scanned buffer.");
    public static final String RULES_RELOAD_WATCH =
            KEYS.define("rules.reload.watch", BOOLEAN, false, "Watch the configured Sigma/YARA rule folders and reload the "
                    + "rules when files change (java.nio WatchService). SIGHUP also reloads where the JVM allows it.");
    public static final String RULES_RELOAD_DEBOUNCE_MS =
            KEYS.define("rules.reload.debounce.ms", LONG, 2000L, atLeast(0),
                    "Quiet time after the last rule file change before reloading (editors write files in steps).");
    public static final String RULES_YARA_FIELDS_REPLACE_WINDOWS =
            KEYS.define("rules.yara.fields.replace.windows", LIST, null, ConfigDef.eachItem(CentinelaConfig::checkField),
                    "Fields scanned on windows events instead of the defaults (docs/yara.md); [] = none; empty = defaults.");
    public static final String RULES_YARA_FIELDS_ADD_WINDOWS =
            KEYS.define("rules.yara.fields.add.windows", LIST, List.of(), ConfigDef.eachItem(CentinelaConfig::checkField),
                    "Fields scanned on windows events in addition to the defaults (or to the replace list).");
    public static final String RULES_YARA_FIELDS_REPLACE_LINUX =
            KEYS.define("rules.yara.fields.replace.linux", LIST, null, ConfigDef.eachItem(CentinelaConfig::checkField),
                    "Fields scanned on linux events instead of the defaults (docs/yara.md); [] = none; empty = defaults.");
    public static final String RULES_YARA_FIELDS_ADD_LINUX =
            KEYS.define("rules.yara.fields.add.linux", LIST, List.of(), ConfigDef.eachItem(CentinelaConfig::checkField),
                    "Fields scanned on linux events in addition to the defaults (or to the replace list).");
    public static final String RULES_YARA_FIELDS_REPLACE_WEB =
            KEYS.define("rules.yara.fields.replace.web", LIST, null, ConfigDef.eachItem(CentinelaConfig::checkField),
                    "Fields scanned on web events instead of the defaults (docs/yara.md); [] = none; empty = defaults.");
    public static final String RULES_YARA_FIELDS_ADD_WEB =
            KEYS.define("rules.yara.fields.add.web", LIST, List.of(), ConfigDef.eachItem(CentinelaConfig::checkField),
                    "Fields scanned on web events in addition to the defaults (or to the replace list).");
    public static final String RULES_YARA_FIELDS_REPLACE_EMAIL =
            KEYS.define("rules.yara.fields.replace.email", LIST, null, ConfigDef.eachItem(CentinelaConfig::checkField),
                    "Fields scanned on email events instead of the defaults (docs/yara.md); [] = none; empty = defaults.");
    public static final String RULES_YARA_FIELDS_ADD_EMAIL =
            KEYS.define("rules.yara.fields.add.email", LIST, List.of(), ConfigDef.eachItem(CentinelaConfig::checkField),
                    "Fields scanned on email events in addition to the defaults (or to the replace list).");
    public static final String RULES_YARA_FIELDS_REPLACE_GENERIC =
            KEYS.define("rules.yara.fields.replace.generic", LIST, null, ConfigDef.eachItem(CentinelaConfig::checkField),
                    "Fields scanned on generic events instead of the defaults (docs/yara.md); [] = none; empty = defaults.");
    public static final String RULES_YARA_FIELDS_ADD_GENERIC =
            KEYS.define("rules.yara.fields.add.generic", LIST, List.of(), ConfigDef.eachItem(CentinelaConfig::checkField),
                    "Fields scanned on generic events in addition to the defaults (or to the replace list).");
    public static final String MODEL_ENABLED =
            KEYS.define("model.enabled", BOOLEAN, true, "Score events with the threat classifier.");
    public static final String MODEL_DIR =
            KEYS.define("model.dir", STRING, null, "Model package folder, or a live-model location made by "
                    + "`centinela model promote` (the package its current pointer names; swapped while running when the "
                    + "pointer moves; docs/feedback.md); empty = the default model.");
    // Shadow scoring of a candidate package beside the live one (docs/feedback.md): read by io.centinela.pipeline.ShadowScorer.
    public static final String MODEL_SHADOW_DIR =
            KEYS.define("model.shadow.dir", STRING, null, "Candidate model package scored in shadow beside the live one "
                    + "(same events, never alerting; its manifest is verified at start); empty = no shadow.");
    public static final String MODEL_SHADOW_LOG =
            KEYS.define("model.shadow.log", STRING, null, "JSON-lines file the shadow scores are appended to (one line "
                    + "per scored event: origin, live and candidate score and verdict); required with model.shadow.dir. "
                    + "Read by `centinela model compare`.");
    // Site baseline of the model's anomaly score (docs/baseline.md): read by io.centinela.pipeline.BaselineStage.
    public static final String BASELINE_ENABLED =
            KEYS.define("baseline.enabled", BOOLEAN, true, "Learn this site's normal traffic from the model-scored "
                    + "events and let a model verdict count only on what is unusual here (docs/baseline.md); needs the model.");
    public static final String BASELINE_PATH =
            KEYS.define("baseline.path", STRING, null, "File the baseline is persisted to and reloaded from at start "
                    + "(a file whose checksum or learning chain fails is refused); empty = in memory only, lost at stop.");
    public static final String BASELINE_WARMUP_EVENTS =
            KEYS.define("baseline.warmup.events", INT, 500, atLeast(0),
                    "Events a kind (web, email, process start, ...) must have learned before its novelty counts in fusion.");
    public static final String BASELINE_PERSIST_INTERVAL_MS =
            KEYS.define("baseline.persist.interval.ms", LONG, 60_000L, atLeast(1000),
                    "How often the baseline is written to baseline.path (and once more at shutdown).");
    public static final String BASELINE_MAX_VECTORS_PER_KIND =
            KEYS.define("baseline.max.vectors.per.kind", INT, 2000, atLeast(1),
                    "Distinct texts sampled per kind (decaying reservoir; ~6 MB per kind at 2,000).");
    public static final String BASELINE_CONTRIBUTOR_MAX_PER_WINDOW =
            KEYS.define("baseline.contributor.max.per.window", INT, 50, atLeast(0),
                    "Events one source IP / sender / host-user may teach the baseline per window; 0 = no cap.");
    public static final String BASELINE_CONTRIBUTOR_WINDOW_MS =
            KEYS.define("baseline.contributor.window.ms", LONG, 3_600_000L, atLeast(1000),
                    "The window of the contributor cap, in event time.");
    public static final String HEC_URLS =
            KEYS.define("hec.urls", LIST, List.of(), ConfigDef.eachItem(CentinelaConfig::checkUrl),
                    "Splunk HEC base URLs (https://host:8088), used round-robin. Empty = no Splunk output. A plain http:// URL "
                    + "is refused unless hec.allow.plaintext is true.");
    public static final String HEC_ALLOW_PLAINTEXT =
            KEYS.define("hec.allow.plaintext", BOOLEAN, false, "Accept http:// HEC URLs (the token then travels in "
                    + "clear; a warning is logged at start). Only for a local test HEC; Splunk's default is https.");
    public static final String HEC_TOKEN =
            KEYS.define("hec.token", PASSWORD, null, "HEC token (GUID). Use ${HEC_TOKEN} to read it from the environment. Never logged.");
    public static final String HEC_INDEX =
            KEYS.define("hec.index", STRING, null, "Index for alerts; empty = the token's default index.");
    public static final String HEC_SOURCE =
            KEYS.define("hec.source", STRING, "centinela", "HEC source of alert events.");
    public static final String HEC_HOST =
            KEYS.define("hec.host", STRING, null, "HEC host when the alert has no dvc; empty = this machine's name.");
    public static final String HEC_GZIP =
            KEYS.define("hec.gzip", BOOLEAN, HEC.gzip(), "Compress requests with gzip.");
    public static final String HEC_BATCH_MAX_EVENTS =
            KEYS.define("hec.batch.max.events", INT, HEC.maxBatchEvents(), atLeast(1), "Events per HEC request at most.");
    public static final String HEC_BATCH_MAX_BYTES =
            KEYS.define("hec.batch.max.bytes", INT, HEC.maxBatchBytes(), atLeast(1024), "Uncompressed bytes per HEC request at most (Splunk Cloud rejects ~1 MB).");
    public static final String HEC_BATCH_LINGER_MS =
            KEYS.define("hec.batch.linger.ms", LONG, 200L, atLeast(0), "How long a partial batch waits for more alerts.");
    public static final String HEC_SENDERS =
            KEYS.define("hec.senders", INT, 2, atLeast(1), "Parallel HEC sender threads.");
    public static final String HEC_TIMEOUT_MS =
            KEYS.define("hec.timeout.ms", LONG, HEC.requestTimeout().toMillis(), atLeast(100), "Request timeout; a slower answer is retried.");
    public static final String HEC_CONNECT_TIMEOUT_MS =
            KEYS.define("hec.connect.timeout.ms", LONG, HEC.connectTimeout().toMillis(), atLeast(100), "TCP/TLS connect timeout.");
    public static final String HEC_BACKOFF_INITIAL_MS =
            KEYS.define("hec.backoff.initial.ms", LONG, HEC.backoffInitial().toMillis(), atLeast(1), "First retry delay; doubles up to hec.backoff.max.ms, with jitter.");
    public static final String HEC_BACKOFF_MAX_MS =
            KEYS.define("hec.backoff.max.ms", LONG, HEC.backoffMax().toMillis(), atLeast(1), "Cap on the retry delay.");
    public static final String HEC_HEALTH_CHECK_MS =
            KEYS.define("hec.health.check.ms", LONG, HEC.healthCheckInterval().toMillis(), atLeast(100), "How often a down endpoint's /services/collector/health is probed.");
    public static final String HEC_ACK_ENABLED =
            KEYS.define("hec.ack.enabled", BOOLEAN, HEC.ackEnabled(), "Indexer acknowledgement (token with useACK): delivered = acked.");
    public static final String HEC_ACK_POLL_MS =
            KEYS.define("hec.ack.poll.ms", LONG, HEC.ackPollInterval().toMillis(), atLeast(10), "Ack polling interval.");
    public static final String HEC_ACK_TIMEOUT_MS =
            KEYS.define("hec.ack.timeout.ms", LONG, HEC.ackTimeout().toMillis(), atLeast(100), "No ack within this time = resend (Splunk may take minutes).");
    public static final String HEC_TLS_TRUSTSTORE_PATH =
            KEYS.define("hec.tls.truststore.path", STRING, null, "Trust store (JKS/PKCS12) for the HEC certificate; TLS verification is always on.");
    public static final String HEC_TLS_TRUSTSTORE_PASSWORD =
            KEYS.define("hec.tls.truststore.password", PASSWORD, null, "Trust store password.");
    public static final String HEC_TLS_TRUSTSTORE_TYPE =
            KEYS.define("hec.tls.truststore.type", STRING, null, "Trust store type (PKCS12, JKS); empty = the JVM default.");
    public static final String HEC_TLS_CA_PEM =
            KEYS.define("hec.tls.ca.pem", STRING, null, "PEM file with the CA(s) that signed the HEC certificate.");
    public static final String OUTPUT_ALERTS_FILE =
            KEYS.define("output.alerts.file", STRING, null, "Also append alerts, in HEC envelope form, to this JSON-lines file.");
    public static final String OUTPUT_ALERTS_TOPIC =
            KEYS.define("output.alerts.topic", STRING, null, "Also write alerts (JSON) to this Kafka topic.");
    public static final String HEARTBEAT_INTERVAL_MS =
            KEYS.define("heartbeat.interval.ms", LONG, 60000L, atLeast(100), "Heartbeat event period (sourcetype centinela:heartbeat).");
    public static final String METRICS_LOG_INTERVAL_MS =
            KEYS.define("metrics.log.interval.ms", LONG, 0L, atLeast(0), "Log a metrics line (events, alerts, "
                    + "delivered, dead-lettered, scored, lag, in flight, HEC queue; counts since start) this often; 0 = never.");
    // fusion.*: the record components of FusionPolicy (docs/fusion.md), defaults from FusionPolicy.defaults()
    public static final String FUSION_INFORMATIONAL_POINTS =
            KEYS.define("fusion.informationalPoints", INT, FUSION.informationalPoints(), POINTS, "Points of an informational Sigma rule (0-100).");
    public static final String FUSION_LOW_POINTS =
            KEYS.define("fusion.lowPoints", INT, FUSION.lowPoints(), POINTS, "Points of a low Sigma rule (0-100).");
    public static final String FUSION_MEDIUM_POINTS =
            KEYS.define("fusion.mediumPoints", INT, FUSION.mediumPoints(), POINTS, "Points of a medium Sigma rule, or one without a level (0-100).");
    public static final String FUSION_HIGH_POINTS =
            KEYS.define("fusion.highPoints", INT, FUSION.highPoints(), POINTS, "Points of a high Sigma rule (0-100).");
    public static final String FUSION_CRITICAL_POINTS =
            KEYS.define("fusion.criticalPoints", INT, FUSION.criticalPoints(), POINTS, "Points of a critical Sigma rule (0-100).");
    public static final String FUSION_YARA_DEFAULT_POINTS =
            KEYS.define("fusion.yaraDefaultPoints", INT, FUSION.yaraDefaultPoints(), POINTS, "Points of a YARA rule without score/severity meta (0-100).");
    public static final String FUSION_MODEL_FLOOR_POINTS =
            KEYS.define("fusion.modelFloorPoints", INT, FUSION.modelFloorPoints(), POINTS, "Points of a model score exactly at its threshold (0-100, <= modelCeilingPoints).");
    public static final String FUSION_MODEL_CEILING_POINTS =
            KEYS.define("fusion.modelCeilingPoints", INT, FUSION.modelCeilingPoints(), POINTS, "Points of a model score of 1.0 (0-100).");
    public static final String FUSION_CORROBORATION_BONUS =
            KEYS.define("fusion.corroborationBonus", INT, FUSION.corroborationBonus(), POINTS, "Added per extra detection source (sigma, yara, model) that fired.");
    public static final String FUSION_EXTRA_RULE_BONUS =
            KEYS.define("fusion.extraRuleBonus", INT, FUSION.extraRuleBonus(), POINTS, "Added per extra rule hit beyond the strongest.");
    public static final String FUSION_MAX_EXTRA_RULE_BONUS =
            KEYS.define("fusion.maxExtraRuleBonus", INT, FUSION.maxExtraRuleBonus(), POINTS, "Cap of the extra-rule bonus.");
    public static final String FUSION_LOW_THRESHOLD =
            KEYS.define("fusion.lowThreshold", INT, FUSION.lowThreshold(), POINTS, "Risk at or above which severity is at least low; thresholds must rise.");
    public static final String FUSION_MEDIUM_THRESHOLD =
            KEYS.define("fusion.mediumThreshold", INT, FUSION.mediumThreshold(), POINTS, "Risk at or above which severity is at least medium.");
    public static final String FUSION_HIGH_THRESHOLD =
            KEYS.define("fusion.highThreshold", INT, FUSION.highThreshold(), POINTS, "Risk at or above which severity is at least high.");
    public static final String FUSION_CRITICAL_THRESHOLD =
            KEYS.define("fusion.criticalThreshold", INT, FUSION.criticalThreshold(), POINTS, "Risk at or above which severity is critical.");
    public static final String FUSION_MIN_SIGMA_LEVEL =
            KEYS.define("fusion.minSigmaLevel", STRING, FUSION.minSigmaLevel().cimName(), SEVERITY,
                    "Sigma hits below this level are listed but do not raise an alert on their own.");
    public static final String FUSION_SUPPRESS_RULE_HITS_BELOW_MODEL_SCORE =
            KEYS.define("fusion.suppressRuleHitsBelowModelScore", DOUBLE, FUSION.suppressRuleHitsBelowModelScore(),
                    ConfigDef.between(0, 1), "0-1: drop rule-only alerts (strongest rule at most suppressUpTo) when "
                            + "the model scored the event below this; empty = a rule hit is never suppressed.");
    public static final String FUSION_SUPPRESS_UP_TO =
            KEYS.define("fusion.suppressUpTo", STRING, FUSION.suppressUpTo().cimName(), SEVERITY,
                    "The highest rule severity that suppression may drop.");
    public static final String FUSION_EXCERPT_MAX_BYTES =
            KEYS.define("fusion.excerptMaxBytes", INT, FUSION.excerptMaxBytes(), atLeast(256),
                    "Cap on the original event copied into the alert, UTF-8 bytes.");
    public static final String FUSION_APP =
            KEYS.define("fusion.app", STRING, FUSION.app(), "CIM app field of alerts.");
    public static final String FUSION_VENDOR_PRODUCT =
            KEYS.define("fusion.vendorProduct", STRING, FUSION.vendorProduct(), "CIM vendor_product field of alerts.");
    public static final String FUSION_MODEL_MIN_NOVELTY =
            KEYS.define("fusion.modelMinNovelty", DOUBLE, FUSION.modelMinNovelty(), ConfigDef.between(0, 1),
                    "With a warm site baseline for the event's kind: the anomaly percentile (0-1) a model verdict needs "
                            + "to count on a kind where the classifier misfires on the site's normal traffic (docs/baseline.md).");
    public static final String FUSION_MODEL_TRUSTED_BELOW_RATE =
            KEYS.define("fusion.modelTrustedBelowRate", DOUBLE, FUSION.modelTrustedBelowRate(), ConfigDef.between(0, 1),
                    "The classifier keeps its say on a kind while it flags at most this share of the kind's learned "
                            + "normal traffic; above it the baseline's novelty decides (docs/baseline.md).");
    // Entity risk (docs/risk.md): read by io.centinela.risk.RiskPolicy, which checks the keys together.
    public static final String RISK_ENABLED =
            KEYS.define("risk.enabled", BOOLEAN, false, "Publish detections to risk.detections.topic and run the entity-risk topology.");
    public static final String RISK_MODE =
            KEYS.define("risk.mode", STRING, "alongside", ConfigDef.oneOf("alongside", "quiet"), "alongside: every "
                    + "per-event alert is delivered and also feeds risk; quiet: alerts up to risk.quiet.max.level "
                    + "without a model hit feed risk only (no alert of their own).");
    public static final String RISK_QUIET_MAX_LEVEL =
            KEYS.define("risk.quiet.max.level", STRING, "medium", ConfigDef.oneOf("informational", "low", "medium"),
                    "Under risk.mode quiet: the highest severity that feeds risk only.");
    public static final String RISK_WINDOW_MS =
            KEYS.define("risk.window.ms", LONG, 86_400_000L, atLeast(60_000), "Sliding event-time window over which an entity's risk is summed.");
    public static final String RISK_GRACE_MS =
            KEYS.define("risk.grace.ms", LONG, 300_000L, atLeast(0), "How late (event time, behind the newest detection) a detection may arrive and still count; risk alerts wait this long.");
    public static final String RISK_THRESHOLD =
            KEYS.define("risk.threshold", INT, 100, atLeast(1), "Risk points within the window that raise a risk alert.");
    public static final String RISK_TACTICS =
            KEYS.define("risk.tactics", INT, 3, atLeast(0), "Distinct ATT&CK tactics within the window that raise a risk alert; 0 = off.");
    public static final String RISK_POINTS_INFORMATIONAL =
            KEYS.define("risk.points.informational", INT, 5, ConfigDef.between(0, 1000), "Risk points of an informational Sigma rule.");
    public static final String RISK_POINTS_LOW =
            KEYS.define("risk.points.low", INT, 15, ConfigDef.between(0, 1000), "Risk points of a low Sigma rule.");
    public static final String RISK_POINTS_MEDIUM =
            KEYS.define("risk.points.medium", INT, 30, ConfigDef.between(0, 1000), "Risk points of a medium Sigma rule (also a rule without level).");
    public static final String RISK_POINTS_HIGH =
            KEYS.define("risk.points.high", INT, 60, ConfigDef.between(0, 1000), "Risk points of a high Sigma rule.");
    public static final String RISK_POINTS_CRITICAL =
            KEYS.define("risk.points.critical", INT, 90, ConfigDef.between(0, 1000), "Risk points of a critical Sigma rule.");
    public static final String RISK_POINTS_YARA_FACTOR =
            KEYS.define("risk.points.yara.factor", DOUBLE, 0.6, ConfigDef.between(0, 10), "Risk points of a YARA hit = its score (0-100) times this.");
    public static final String RISK_POINTS_MODEL_MAX =
            KEYS.define("risk.points.model.max", INT, 60, ConfigDef.between(0, 1000), "Risk points of a model score = score times this.");
    public static final String RISK_MODEL_MIN_SCORE =
            KEYS.define("risk.model.min.score", DOUBLE, 0.3, ConfigDef.between(0, 1), "Model scores below this add no risk (also when below the model's alert threshold).");
    public static final String RISK_SIGNATURE_MAX_REPEATS =
            KEYS.define("risk.signature.max.repeats", INT, 3, atLeast(1), "The same signature counts at most this many times per entity and window (a noisy rule alone is not an incident).");
    public static final String RISK_ENTITY_MAX_DETECTIONS =
            KEYS.define("risk.entity.max.detections", INT, 200, atLeast(1), "Detections kept per entity and window (the newest); bounds state per key.");
    public static final String RISK_ENTITIES_MAX =
            KEYS.define("risk.entities.max", INT, 1_000_000, atLeast(1), "Entities tracked per stream task; beyond it the least recently active is evicted (counted).");
    public static final String RISK_DETECTIONS_TOPIC =
            KEYS.define("risk.detections.topic", STRING, "centinela.detections", "Internal topic of compact detections; "
                    + "created with one partition so that every by-entity partition sees detections in one order (docs/risk.md).");
    public static final String RISK_ALERTS_TOPIC =
            KEYS.define("risk.alerts.topic", STRING, "centinela.risk-alerts", "Topic the topology writes risk alerts to; the connector drains it to HEC.");
    public static final String RISK_APPLICATION_ID =
            KEYS.define("risk.application.id", STRING, "centinela-risk", "Kafka Streams application id (instances with one id share the work).");
    public static final String RISK_PARTITIONS =
            KEYS.define("risk.partitions", INT, 4, atLeast(1), "Partitions of the by-entity repartition topic: how many instances share the keyed work.");
    public static final String RISK_STATE_DIR =
            KEYS.define("risk.state.dir", STRING, null, "Local state directory of the topology; empty = the Kafka Streams default.");
    public static final String RISK_PROCESSING_GUARANTEE =
            KEYS.define("risk.processing.guarantee", STRING, "exactly_once_v2", ConfigDef.oneOf("exactly_once_v2", "at_least_once"),
                    "Kafka Streams processing guarantee (docs/risk.md).");
    // Sigma correlation rules in the service (docs/sigma-correlation.md): the topology's correlation branch.
    public static final String CORRELATION_ENABLED =
            KEYS.define("correlation.enabled", BOOLEAN, true, "Evaluate the loaded Sigma correlation rules in the service: "
                    + "publishes the events their rules match to risk.detections.topic and runs the Streams topology "
                    + "(also without risk.enabled); nothing starts when the rules hold no correlation rule.");
    public static final String CORRELATION_GRACE_MS =
            KEYS.define("correlation.grace.ms", LONG, 300_000L, atLeast(0), "How late (event time, behind the newest "
                    + "detection) a correlated event may arrive and still count; windows evaluated on close wait this long.");
    public static final String CORRELATION_KEYS_MAX =
            KEYS.define("correlation.keys.max", INT, 1_000_000, atLeast(1), "Correlation groups (correlation + group-by "
                    + "values) tracked per stream task; beyond it the least recently active is evicted (counted).");
    private static final String FUSION_PREFIX = "fusion.";

    /** Every key, in documentation order; frozen (defined above, one constant per key). */
    public static final ConfigDef DEF = KEYS.build();

    private final Map<String, Object> values;
    private final FusionPolicy fusion;
    private final List<String> warnings;

    /** Checks what single keys cannot: keys that depend on each other, and the fusion policy as a whole. */
    private CentinelaConfig(Map<String, Object> values) {
        this.values = values;
        List<String> problems = new ArrayList<>();
        List<String> warn = new ArrayList<>();
        Secret token = secret(HEC_TOKEN);
        if (!hecUrls().isEmpty() && (token == null || token.isBlank())) {
            problems.add("missing '" + HEC_TOKEN + "': " + HEC_URLS + " is set, so give the HEC token (" + HEC_TOKEN
                    + ": ${HEC_TOKEN} reads it from the environment)");
        }
        for (String u : hecUrls()) {
            if (!"http".equalsIgnoreCase(URI.create(u).getScheme())) {
                continue;
            }
            if (bool(HEC_ALLOW_PLAINTEXT)) {
                warn.add(HEC_URLS + " '" + u + "' is plain HTTP (allowed by " + HEC_ALLOW_PLAINTEXT
                        + "): the HEC token and the alerts travel in clear");
            } else {
                problems.add("bad value for '" + HEC_URLS + "': '" + u + "' is plain HTTP, so the HEC token would "
                        + "travel in clear: use https://, or set " + HEC_ALLOW_PLAINTEXT + ": true for a test HEC");
            }
        }
        FusionPolicy f = null;
        try {
            f = FusionPolicy.from(fusionOverrides());
        } catch (IllegalArgumentException e) {
            problems.add("bad fusion settings: " + e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        this.fusion = f;
        this.warnings = List.copyOf(warn);
    }

    /**
     * Reads a config file. A directory, a missing or unreadable file, YAML that does not parse and a key set twice
     * (also across forms: {@code kafka: {group.id: a}} and {@code kafka.group.id: b}) are refused with the fix.
     */
    public static CentinelaConfig load(Path file) {
        if (Files.isDirectory(file)) {
            Path guess = file.resolve("centinela.yaml");
            throw new ConfigException("config " + file + " is a directory: --config takes the YAML file itself"
                    + (Files.isRegularFile(guess) ? ", e.g. " + guess : " (e.g. centinela.yaml)")
                    + "; see docs/centinela.example.yaml");
        }
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("config file " + file + " does not exist; see docs/centinela.example.yaml");
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage());
        }
        return fromYaml(text, System::getenv);
    }

    /** Parses YAML text: duplicate keys are refused with both line numbers, then as {@link #fromTree}. */
    public static CentinelaConfig fromYaml(String yaml, UnaryOperator<String> env) {
        JsonNode root;
        try {
            List<String> duplicates = DuplicateKeys.find(yaml, DEF);
            if (!duplicates.isEmpty()) {
                throw new ConfigException(duplicates);
            }
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (IOException e) {
            throw new ConfigException("the config is not valid YAML: " + e.getMessage());
        }
        return fromTree(root, env);
    }

    /** Builds from a parsed tree (no line numbers: duplicate keys were already collapsed by the parser). */
    public static CentinelaConfig fromTree(JsonNode root, UnaryOperator<String> env) {
        if (root == null || !root.isObject()) {
            throw new ConfigException("the config must be a YAML map of keys (see docs/centinela.example.yaml)");
        }
        Map<String, Object> flat = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        flatten("", root, flat, env, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new CentinelaConfig(DEF.parse(flat));
    }

    /** Builds from already-flat keys (CLI flags, tests). */
    public static CentinelaConfig fromMap(Map<String, Object> flat) {
        return new CentinelaConfig(DEF.parse(flat));
    }

    private static void flatten(String prefix, JsonNode node, Map<String, Object> out, UnaryOperator<String> env,
                                List<String> problems) {
        for (var it = node.fields(); it.hasNext(); ) {
            var e = it.next();
            String name = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            JsonNode v = e.getValue();
            ConfigDef.Key key = DEF.key(name);
            if (key != null && key.type() == MAP) {
                Map<String, Object> m = new LinkedHashMap<>();
                if (v.isObject()) {
                    v.fields().forEachRemaining(f -> m.put(f.getKey(), f.getValue().isNull() ? null
                            : subst(f.getValue().asText(), name + "." + f.getKey(), env, problems)));
                    out.put(name, m);
                } else {
                    out.put(name, v.asText());
                }
            } else if (v.isObject() && key == null) {
                flatten(name, v, out, env, problems);
            } else if (v.isArray()) {
                List<Object> l = new ArrayList<>();
                v.forEach(x -> l.add(subst(x.asText(), name, env, problems)));
                out.put(name, l);
            } else if (v.isNull()) {
                // same as absent
            } else if (v.isNumber() || v.isBoolean()) {
                out.put(name, v.isBoolean() ? v.asBoolean() : v.numberValue());
            } else {
                out.put(name, subst(v.asText(), name, env, problems));
            }
        }
    }

    private static String subst(String text, String key, UnaryOperator<String> env, List<String> problems) {
        Matcher m = ENV.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String val = env.apply(m.group(1));
            if (val == null) {
                problems.add("'" + key + "' refers to environment variable " + m.group(1) + ", which is not set: export it");
                val = "";
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(val));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String formatsValid(Map<?, ?> topics) {
        for (var e : topics.entrySet()) {
            try {
                EventFormat.parse(e.getValue() == null ? "auto" : String.valueOf(e.getValue()));
            } catch (IllegalArgumentException ex) {
                return "topic '" + e.getKey() + "': " + ex.getMessage();
            }
        }
        return null;
    }

    private static String checkFile(Object p) {
        return Files.isRegularFile(Path.of((String) p)) ? null : "'" + p + "' is not a readable file: fix the path";
    }

    private static String checkField(String entry) {
        try {
            FieldSpec.parse(entry);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage().contains("use name") ? e.getMessage()
                    : e.getMessage() + "; an entry is name, name:text, name:content or name:base64";
        }
    }

    private static String checkExternals(Object v) {
        for (var e : ((Map<?, ?>) v).entrySet()) {
            try {
                ExternalVariable.parse(e.getKey() + "=" + (e.getValue() == null ? "" : e.getValue()));
            } catch (IllegalArgumentException ex) {
                return ex.getMessage() + " (names are YARA identifiers: letters, digits, _)";
            }
        }
        return null;
    }

    private static String checkUrl(String u) {
        try {
            URI uri = URI.create(u);
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
                return "'" + u + "' is not an http(s)://host:port URL";
            }
            return null;
        } catch (IllegalArgumentException e) {
            return "'" + u + "' is not a URL: " + e.getMessage();
        }
    }

    private static String checkKind(String kind) {
        for (EventKind k : EventKind.values()) {
            if (k.name().equalsIgnoreCase(kind.trim())) {
                return null;
            }
        }
        return "unknown event kind '" + kind + "'; the kinds are " + java.util.Arrays.stream(EventKind.values())
                .map(k -> k.name().toLowerCase(Locale.ROOT)).toList();
    }

    /** {@code rules.yara.fields.replace.<kind>}. */
    public static String yaraFieldsReplaceKey(EventKind kind) {
        return switch (kind) {
            case WINDOWS -> RULES_YARA_FIELDS_REPLACE_WINDOWS;
            case LINUX -> RULES_YARA_FIELDS_REPLACE_LINUX;
            case WEB -> RULES_YARA_FIELDS_REPLACE_WEB;
            case EMAIL -> RULES_YARA_FIELDS_REPLACE_EMAIL;
            case GENERIC -> RULES_YARA_FIELDS_REPLACE_GENERIC;
        };
    }

    /** {@code rules.yara.fields.add.<kind>}. */
    public static String yaraFieldsAddKey(EventKind kind) {
        return switch (kind) {
            case WINDOWS -> RULES_YARA_FIELDS_ADD_WINDOWS;
            case LINUX -> RULES_YARA_FIELDS_ADD_LINUX;
            case WEB -> RULES_YARA_FIELDS_ADD_WEB;
            case EMAIL -> RULES_YARA_FIELDS_ADD_EMAIL;
            case GENERIC -> RULES_YARA_FIELDS_ADD_GENERIC;
        };
    }

    /** The {@code fusion.*} values by FusionPolicy record component name. */
    private Map<String, Object> fusionOverrides() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (ConfigDef.Key k : DEF.keys()) {
            if (k.name().startsWith(FUSION_PREFIX)) {
                m.put(k.name().substring(FUSION_PREFIX.length()), values.get(k.name()));
            }
        }
        return m;
    }

    // ---- typed accessors --------------------------------------------------------------------------------------

    public String string(String key) {
        return (String) values.get(key);
    }

    public int integer(String key) {
        return (Integer) values.get(key);
    }

    public long longValue(String key) {
        return (Long) values.get(key);
    }

    public double doubleValue(String key) {
        return (Double) values.get(key);
    }

    public boolean bool(String key) {
        return (Boolean) values.get(key);
    }

    /** A boolean key without default: null when not set. */
    public Boolean optionalBool(String key) {
        return (Boolean) values.get(key);
    }

    @SuppressWarnings("unchecked")
    public List<String> list(String key) {
        return (List<String>) values.get(key);
    }

    @SuppressWarnings("unchecked")
    public Map<String, String> map(String key) {
        return (Map<String, String>) values.get(key);
    }

    public Secret secret(String key) {
        return (Secret) values.get(key);
    }

    public String connectorId() {
        String id = string(CONNECTOR_ID);
        if (id != null && !id.isBlank()) {
            return id;
        }
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "centinela";
        }
        return host + "-" + string(KAFKA_GROUP_ID);
    }

    public List<String> hecUrls() {
        return list(HEC_URLS);
    }

    /** Topic -> format, in config order. */
    public Map<String, EventFormat> topics() {
        Map<String, EventFormat> m = new LinkedHashMap<>();
        map(KAFKA_TOPICS).forEach((t, f) -> m.put(t, EventFormat.parse(f == null ? "auto" : f)));
        return m;
    }

    /** Client properties for consumers, producers and admin: bootstrap servers plus the pass-through ones. */
    public Properties kafkaProperties() {
        Properties p = new Properties();
        p.putAll(map(KAFKA_PROPERTIES));
        p.put("bootstrap.servers", string(KAFKA_BOOTSTRAP_SERVERS));
        return p;
    }

    /** The pass-through properties for logging, secret-looking values masked. */
    public Map<String, String> kafkaPropertiesMasked() {
        Map<String, String> m = new LinkedHashMap<>();
        map(KAFKA_PROPERTIES).forEach((k, v) -> m.put(k, SECRET_PROPERTY.matcher(k).matches() ? "[hidden]" : v));
        return m;
    }

    public HecConfig hecConfig() {
        String ts = string(HEC_TLS_TRUSTSTORE_PATH);
        String ca = string(HEC_TLS_CA_PEM);
        return new HecConfig(hecUrls().stream().map(URI::create).toList(), secret(HEC_TOKEN), bool(HEC_GZIP),
                integer(HEC_BATCH_MAX_EVENTS), integer(HEC_BATCH_MAX_BYTES), ms(HEC_TIMEOUT_MS),
                ms(HEC_CONNECT_TIMEOUT_MS), ms(HEC_BACKOFF_INITIAL_MS), ms(HEC_BACKOFF_MAX_MS),
                ms(HEC_HEALTH_CHECK_MS), bool(HEC_ACK_ENABLED), ms(HEC_ACK_POLL_MS), ms(HEC_ACK_TIMEOUT_MS),
                ts == null ? null : Path.of(ts), secret(HEC_TLS_TRUSTSTORE_PASSWORD),
                string(HEC_TLS_TRUSTSTORE_TYPE), ca == null ? null : Path.of(ca));
    }

    public Duration ms(String key) {
        return Duration.ofMillis(longValue(key));
    }

    /** The fusion policy of the {@code fusion.*} keys, checked as a whole at load. */
    public FusionPolicy fusionPolicy() {
        return fusion;
    }

    /** What is allowed but risky (plain-HTTP HEC), for the service to log at start. */
    public List<String> warnings() {
        return warnings;
    }

    /** {@code pipeline.workers}, 0 resolved to the number of CPU cores. */
    public int workers() {
        int n = integer(PIPELINE_WORKERS);
        return n > 0 ? n : Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    public String scoringPolicy() {
        return string(PIPELINE_SCORING_POLICY).toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        Map<String, Object> shown = new LinkedHashMap<>(values);
        shown.put(KAFKA_PROPERTIES, kafkaPropertiesMasked());
        return shown.toString();
    }
}
