package io.centinela.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.centinela.event.EventFormat;
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
 * secrets stay out of the file. Every key is defined in {@link #DEF} with type, default and doc.
 */
public final class CentinelaConfig {

    /** Secret-looking Kafka client properties, masked when logged. */
    private static final Pattern SECRET_PROPERTY = Pattern.compile("(?i).*(password|secret|jaas|token|credential|\\.key$).*");
    private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    public static final ConfigDef DEF = new ConfigDef()
            .define("connector.id", STRING, null, "Name of this connector instance in heartbeats and logs; default <hostname>-<group id>.")
            .define("kafka.bootstrap.servers", STRING, REQUIRED, v -> ((String) v).isBlank() ? "set host:port[,host:port]" : null,
                    "Kafka brokers, host:port list.")
            .define("kafka.group.id", STRING, "centinela", "Consumer group id; instances with the same id share the partitions.")
            .define("kafka.topics", MAP, REQUIRED, v -> ((Map<?, ?>) v).isEmpty() ? "name at least one topic" : formatsValid((Map<?, ?>) v),
                    "Topics to analyse, each mapped to its event format (auto, evtx-json, winlogbeat, ecs-windows, "
                            + "flat-windows, ecs-web, ecs-email, generic).")
            .define("kafka.properties", MAP, Map.of(), "Kafka client properties passed through to the consumer and "
                    + "producers (security.protocol, sasl.*, ssl.*...). Values that look secret are masked in logs.")
            .define("kafka.max.poll.records", INT, 2000, atLeast(1), "Records per poll (bounded batch).")
            .define("kafka.commit.interval.ms", LONG, 1000L, atLeast(10), "How often done offsets are committed.")
            .define("kafka.dlq.suffix", STRING, ".dlq", "Dead-letter topic = source topic + this suffix.")
            .define("kafka.dlq.undersized", STRING, "fail", ConfigDef.oneOf("fail", "truncate"),
                    "A dead-letter topic whose max.message.bytes is below its source topic's and cannot be raised: fail = "
                    + "refuse to start (exit 2); truncate = start with a warning and dead-letter records it refuses as "
                    + "truncated copies (first 64 KiB, with SHA-256, size and reason headers).")
            .define("kafka.startup.timeout.ms", LONG, 15000L, atLeast(100), "How long to wait for the brokers at start before failing.")
            .define("pipeline.workers", INT, Math.max(1, Runtime.getRuntime().availableProcessors()), atLeast(1),
                    "Analysis worker threads.")
            .define("pipeline.chunk.events", INT, 500, atLeast(1), "Events per work unit handed to a worker.")
            .define("pipeline.max.inflight.events", INT, 50000, atLeast(100),
                    "Bound on events read but not yet done; the consumer pauses partitions above it (bounded memory).")
            .define("pipeline.event.max.bytes", INT, 1 << 20, atLeast(64), "Larger records go to the dead-letter topic.")
            .define("pipeline.scoring.policy", STRING, "all", ConfigDef.oneOf("all", "kinds", "rule-hits-first", "none"),
                    "Which events the model scores: all; kinds (only pipeline.scoring.kinds); rule-hits-first (events "
                            + "with a Sigma/YARA hit always, others up to pipeline.scoring.budget per chunk); none.")
            .define("pipeline.scoring.kinds", LIST, List.of("windows", "web", "email"), "Event kinds scored under policy 'kinds'.")
            .define("pipeline.scoring.budget", INT, 256, atLeast(0), "Under rule-hits-first: events without a rule hit scored per chunk.")
            .define("rules.builtin", BOOLEAN, true, "Load the project's own Sigma and YARA rules.")
            .define("rules.sigma.dirs", LIST, List.of(), "Extra Sigma rule folders (e.g. a SigmaHQ checkout); a "
                    + "missing folder fails the start.")
            .define("rules.sigma.builtin", BOOLEAN, null, "Load the project's own Sigma rules; empty = rules.builtin.")
            .define("rules.sigma.placeholders.file", STRING, null, CentinelaConfig::checkFile,
                    "YAML file with values for %name% placeholders of the Sigma 'expand' modifier "
                            + "(placeholders: {name: [values]}); rules using a placeholder without a value are rejected.")
            .define("rules.sigma.mapping.file", STRING, null, CentinelaConfig::checkFile,
                    "Extra Sigma log-source mapping YAML; its entries replace built-in ones with the same match.")
            .define("rules.yara.dirs", LIST, List.of(), "Extra YARA rule files or folders (*.yar, *.yara); a missing "
                    + "one fails the start.")
            .define("rules.yara.builtin", BOOLEAN, null, "Load the project's own YARA rules; empty = rules.builtin.")
            .define("rules.yara.strict", BOOLEAN, false, "true: refuse the whole YARA rule set when any file has an "
                    + "error (start fails, a reload keeps the old rules); false: reject the broken file, load the rest.")
            .define("rules.yara.namespaces", STRING, "per-file", ConfigDef.oneOf("per-file", "per-folder"),
                    "YARA namespace per rule file or per folder (rule names must be unique within one).")
            .define("rules.yara.scan.timeout.seconds", INT, ScanLimits.DEFAULT.timeoutSeconds(), atLeast(0),
                    "libyara timeout per scanned buffer, whole seconds; 0 = none.")
            .define("rules.yara.scan.max.bytes.per.field", INT, ScanLimits.DEFAULT.maxBytesPerField(), atLeast(1),
                    "Bytes of one field scanned at most; the rest is cut and the match marked truncated.")
            .define("rules.yara.scan.max.matches", INT, ScanLimits.DEFAULT.maxMatchesPerScan(), atLeast(1),
                    "Matching YARA rules reported per scan at most (the scan stops there).")
            .define("rules.yara.fields.extra", LIST, List.of(), ConfigDef.eachItem(CentinelaConfig::checkField),
                    "Fields scanned on every event kind besides the defaults. Entry: name, name:text, name:content "
                            + "or name:base64 (base64 file content); name = Sigma field or dotted JSON path.")
            .define("rules.yara.externals", MAP, Map.of(), CentinelaConfig::checkExternals,
                    "YARA external variables, name: value (true/false, integer, float or text), declared when "
                            + "compiling; event_type is always declared and set per scanned buffer.")
            .define("rules.reload.watch", BOOLEAN, false, "Watch the configured Sigma/YARA rule folders and reload the "
                    + "rules when files change (java.nio WatchService). SIGHUP also reloads where the JVM allows it.")
            .define("rules.reload.debounce.ms", LONG, 2000L, atLeast(0),
                    "Quiet time after the last rule file change before reloading (editors write files in steps).")
            .define("rules.yara.fields.replace.windows", LIST, null, ConfigDef.eachItem(CentinelaConfig::checkField),
                    "Fields scanned on windows events instead of the defaults (docs/yara.md); [] = none; empty = defaults.")
            .define("rules.yara.fields.add.windows", LIST, List.of(), ConfigDef.eachItem(CentinelaConfig::checkField),
                    "Fields scanned on windows events in addition to the defaults (or to the replace list).")
            .define("rules.yara.fields.replace.linux", LIST, null, ConfigDef.eachItem(CentinelaConfig::checkField),
                    "Fields scanned on linux events instead of the defaults (docs/yara.md); [] = none; empty = defaults.")
            .define("rules.yara.fields.add.linux", LIST, List.of(), ConfigDef.eachItem(CentinelaConfig::checkField),
                    "Fields scanned on linux events in addition to the defaults (or to the replace list).")
            .define("rules.yara.fields.replace.web", LIST, null, ConfigDef.eachItem(CentinelaConfig::checkField),
                    "Fields scanned on web events instead of the defaults (docs/yara.md); [] = none; empty = defaults.")
            .define("rules.yara.fields.add.web", LIST, List.of(), ConfigDef.eachItem(CentinelaConfig::checkField),
                    "Fields scanned on web events in addition to the defaults (or to the replace list).")
            .define("rules.yara.fields.replace.email", LIST, null, ConfigDef.eachItem(CentinelaConfig::checkField),
                    "Fields scanned on email events instead of the defaults (docs/yara.md); [] = none; empty = defaults.")
            .define("rules.yara.fields.add.email", LIST, List.of(), ConfigDef.eachItem(CentinelaConfig::checkField),
                    "Fields scanned on email events in addition to the defaults (or to the replace list).")
            .define("rules.yara.fields.replace.generic", LIST, null, ConfigDef.eachItem(CentinelaConfig::checkField),
                    "Fields scanned on generic events instead of the defaults (docs/yara.md); [] = none; empty = defaults.")
            .define("rules.yara.fields.add.generic", LIST, List.of(), ConfigDef.eachItem(CentinelaConfig::checkField),
                    "Fields scanned on generic events in addition to the defaults (or to the replace list).")
            .define("model.enabled", BOOLEAN, true, "Score events with the threat classifier.")
            .define("model.dir", STRING, null, "Model package folder; empty = the default model.")
            .define("hec.urls", LIST, List.of(), ConfigDef.eachItem(CentinelaConfig::checkUrl),
                    "Splunk HEC base URLs (https://host:8088), used round-robin. Empty = no Splunk output.")
            .define("hec.token", PASSWORD, null, "HEC token (GUID). Use ${HEC_TOKEN} to read it from the environment. Never logged.")
            .define("hec.index", STRING, null, "Index for alerts; empty = the token's default index.")
            .define("hec.source", STRING, "centinela", "HEC source of alert events.")
            .define("hec.host", STRING, null, "HEC host when the alert has no dvc; empty = this machine's name.")
            .define("hec.gzip", BOOLEAN, true, "Compress requests with gzip.")
            .define("hec.batch.max.events", INT, 1000, atLeast(1), "Events per HEC request at most.")
            .define("hec.batch.max.bytes", INT, 900_000, atLeast(1024), "Uncompressed bytes per HEC request at most (Splunk Cloud rejects ~1 MB).")
            .define("hec.batch.linger.ms", LONG, 200L, atLeast(0), "How long a partial batch waits for more alerts.")
            .define("hec.senders", INT, 2, atLeast(1), "Parallel HEC sender threads.")
            .define("hec.timeout.ms", LONG, 30000L, atLeast(100), "Request timeout; a slower answer is retried.")
            .define("hec.connect.timeout.ms", LONG, 10000L, atLeast(100), "TCP/TLS connect timeout.")
            .define("hec.backoff.initial.ms", LONG, 200L, atLeast(1), "First retry delay; doubles up to hec.backoff.max.ms, with jitter.")
            .define("hec.backoff.max.ms", LONG, 30000L, atLeast(1), "Cap on the retry delay.")
            .define("hec.health.check.ms", LONG, 5000L, atLeast(100), "How often a down endpoint's /services/collector/health is probed.")
            .define("hec.ack.enabled", BOOLEAN, false, "Indexer acknowledgement (token with useACK): delivered = acked.")
            .define("hec.ack.poll.ms", LONG, 1000L, atLeast(10), "Ack polling interval.")
            .define("hec.ack.timeout.ms", LONG, 300000L, atLeast(100), "No ack within this time = resend (Splunk may take minutes).")
            .define("hec.tls.truststore.path", STRING, null, "Trust store (JKS/PKCS12) for the HEC certificate; TLS verification is always on.")
            .define("hec.tls.truststore.password", PASSWORD, null, "Trust store password.")
            .define("hec.tls.truststore.type", STRING, null, "Trust store type (PKCS12, JKS); empty = the JVM default.")
            .define("hec.tls.ca.pem", STRING, null, "PEM file with the CA(s) that signed the HEC certificate.")
            .define("output.alerts.file", STRING, null, "Also append alerts, in HEC envelope form, to this JSON-lines file.")
            .define("output.alerts.topic", STRING, null, "Also write alerts (JSON) to this Kafka topic.")
            .define("heartbeat.interval.ms", LONG, 60000L, atLeast(100), "Heartbeat event period (sourcetype centinela:heartbeat).")
            .define("metrics.log.interval.ms", LONG, 0L, atLeast(0), "Log a metrics line this often; 0 = never.")
            // Entity risk (docs/risk.md): read by io.centinela.risk.RiskPolicy, which checks the keys together.
            .define("risk.enabled", BOOLEAN, false, "Publish detections to risk.detections.topic and run the entity-risk topology.")
            .define("risk.mode", STRING, "alongside", ConfigDef.oneOf("alongside", "quiet"), "alongside: every "
                    + "per-event alert is delivered and also feeds risk; quiet: alerts up to risk.quiet.max.level "
                    + "without a model hit feed risk only (no alert of their own).")
            .define("risk.quiet.max.level", STRING, "medium", ConfigDef.oneOf("informational", "low", "medium"),
                    "Under risk.mode quiet: the highest severity that feeds risk only.")
            .define("risk.window.ms", LONG, 86_400_000L, atLeast(60_000), "Sliding event-time window over which an entity's risk is summed.")
            .define("risk.grace.ms", LONG, 300_000L, atLeast(0), "How late (event time, behind the newest detection) a detection may arrive and still count; risk alerts wait this long.")
            .define("risk.threshold", INT, 100, atLeast(1), "Risk points within the window that raise a risk alert.")
            .define("risk.tactics", INT, 3, atLeast(0), "Distinct ATT&CK tactics within the window that raise a risk alert; 0 = off.")
            .define("risk.points.informational", INT, 5, ConfigDef.between(0, 1000), "Risk points of an informational Sigma rule.")
            .define("risk.points.low", INT, 15, ConfigDef.between(0, 1000), "Risk points of a low Sigma rule.")
            .define("risk.points.medium", INT, 30, ConfigDef.between(0, 1000), "Risk points of a medium Sigma rule (also a rule without level).")
            .define("risk.points.high", INT, 60, ConfigDef.between(0, 1000), "Risk points of a high Sigma rule.")
            .define("risk.points.critical", INT, 90, ConfigDef.between(0, 1000), "Risk points of a critical Sigma rule.")
            .define("risk.points.yara.factor", DOUBLE, 0.6, ConfigDef.between(0, 10), "Risk points of a YARA hit = its score (0-100) times this.")
            .define("risk.points.model.max", INT, 60, ConfigDef.between(0, 1000), "Risk points of a model score = score times this.")
            .define("risk.model.min.score", DOUBLE, 0.3, ConfigDef.between(0, 1), "Model scores below this add no risk (also when below the model's alert threshold).")
            .define("risk.signature.max.repeats", INT, 3, atLeast(1), "The same signature counts at most this many times per entity and window (a noisy rule alone is not an incident).")
            .define("risk.entity.max.detections", INT, 200, atLeast(1), "Detections kept per entity and window (the newest); bounds state per key.")
            .define("risk.entities.max", INT, 1_000_000, atLeast(1), "Entities tracked per stream task; beyond it the least recently active is evicted (counted).")
            .define("risk.detections.topic", STRING, "centinela.detections", "Internal topic of compact detections; "
                    + "created with one partition so that every by-entity partition sees detections in one order (docs/risk.md).")
            .define("risk.alerts.topic", STRING, "centinela.risk-alerts", "Topic the topology writes risk alerts to; the connector drains it to HEC.")
            .define("risk.application.id", STRING, "centinela-risk", "Kafka Streams application id (instances with one id share the work).")
            .define("risk.partitions", INT, 4, atLeast(1), "Partitions of the by-entity repartition topic: how many instances share the keyed work.")
            .define("risk.state.dir", STRING, null, "Local state directory of the topology; empty = the Kafka Streams default.")
            .define("risk.processing.guarantee", STRING, "exactly_once_v2", ConfigDef.oneOf("exactly_once_v2", "at_least_once"),
                    "Kafka Streams processing guarantee (docs/risk.md).");

    private final Map<String, Object> values;

    private CentinelaConfig(Map<String, Object> values) {
        this.values = values;
        List<String> problems = new ArrayList<>();
        if (!hecUrls().isEmpty() && (values.get("hec.token") == null || ((Secret) values.get("hec.token")).isBlank())) {
            problems.add("missing 'hec.token': hec.urls is set, so give the HEC token (hec.token: ${HEC_TOKEN} "
                    + "reads it from the environment)");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    public static CentinelaConfig load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("config file " + file + " does not exist; see docs/centinela.example.yaml");
        }
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage());
        }
        return fromTree(root, System::getenv);
    }

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
        String id = string("connector.id");
        if (id != null && !id.isBlank()) {
            return id;
        }
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "centinela";
        }
        return host + "-" + string("kafka.group.id");
    }

    public List<String> hecUrls() {
        return list("hec.urls");
    }

    /** Topic -> format, in config order. */
    public Map<String, EventFormat> topics() {
        Map<String, EventFormat> m = new LinkedHashMap<>();
        map("kafka.topics").forEach((t, f) -> m.put(t, EventFormat.parse(f == null ? "auto" : f)));
        return m;
    }

    /** Client properties for consumers, producers and admin: bootstrap servers plus the pass-through ones. */
    public Properties kafkaProperties() {
        Properties p = new Properties();
        p.putAll(map("kafka.properties"));
        p.put("bootstrap.servers", string("kafka.bootstrap.servers"));
        return p;
    }

    /** The pass-through properties for logging, secret-looking values masked. */
    public Map<String, String> kafkaPropertiesMasked() {
        Map<String, String> m = new LinkedHashMap<>();
        map("kafka.properties").forEach((k, v) -> m.put(k, SECRET_PROPERTY.matcher(k).matches() ? "[hidden]" : v));
        return m;
    }

    public HecConfig hecConfig() {
        String ts = string("hec.tls.truststore.path");
        String ca = string("hec.tls.ca.pem");
        return new HecConfig(hecUrls().stream().map(URI::create).toList(), secret("hec.token"), bool("hec.gzip"),
                integer("hec.batch.max.events"), integer("hec.batch.max.bytes"), ms("hec.timeout.ms"),
                ms("hec.connect.timeout.ms"), ms("hec.backoff.initial.ms"), ms("hec.backoff.max.ms"),
                ms("hec.health.check.ms"), bool("hec.ack.enabled"), ms("hec.ack.poll.ms"), ms("hec.ack.timeout.ms"),
                ts == null ? null : Path.of(ts), secret("hec.tls.truststore.password"),
                string("hec.tls.truststore.type"), ca == null ? null : Path.of(ca));
    }

    public Duration ms(String key) {
        return Duration.ofMillis(longValue(key));
    }

    public String scoringPolicy() {
        return string("pipeline.scoring.policy").toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        Map<String, Object> shown = new LinkedHashMap<>(values);
        shown.put("kafka.properties", kafkaPropertiesMasked());
        return shown.toString();
    }
}
