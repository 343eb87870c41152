package io.centinela.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.centinela.config.CentinelaConfig;
import io.centinela.hec.HecClient;
import io.centinela.pipeline.AnalysisEngines;
import io.centinela.pipeline.PipelineStats;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static io.centinela.config.CentinelaConfig.HEARTBEAT_INTERVAL_MS;
import static io.centinela.config.CentinelaConfig.HEC_INDEX;

/**
 * Sends a heartbeat event to HEC every {@code heartbeat.interval.ms} (sourcetype {@code centinela:heartbeat}) for the
 * Splunk app's pipeline-health view, following the field contract in docs/heartbeat.md (counts are deltas over the
 * interval). Uses its own HEC client so a heartbeat never waits behind alerts.
 */
final class Heartbeat implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CentinelaConfig config;
    private final AnalysisEngines engines;
    private final PipelineStats stats;
    private final HecClient alertsClient;
    private final HecClient client;
    private final DeadLetterWriter dlq;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "centinela-heartbeat");
        t.setDaemon(true);
        return t;
    });
    private static final String VERSION = io.centinela.config.ProductVersion.get();
    private final long startNanos = System.nanoTime();
    private long lastEvents;
    private long lastAlerts;
    private long lastErrors;
    private long lastBusy;
    private long lastDlq;
    private long lastScored;
    private long lastUnscored;
    private long lastShed;
    private long lastCacheHits;
    private long lastNanos = System.nanoTime();

    Heartbeat(CentinelaConfig config, AnalysisEngines engines, PipelineStats stats, HecClient alertsClient,
              DeadLetterWriter dlq, MeterRegistry meters) {
        this.config = config;
        this.engines = engines;
        this.stats = stats;
        this.alertsClient = alertsClient;
        this.dlq = dlq;
        this.client = new HecClient(config.hecConfig(), new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    Heartbeat start() {
        long every = config.longValue(HEARTBEAT_INTERVAL_MS);
        timer.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
        return this;
    }

    /** The heartbeat body per docs/heartbeat.md: counts are deltas since the previous heartbeat. */
    ObjectNode event(double nowSeconds) {
        long now = System.nanoTime();
        double secs = Math.max(1e-3, (now - lastNanos) / 1e9);
        long ev = stats.events.sum();
        long al = stats.alertsDelivered.sum();
        long errs = alertsClient.errorCount();
        long busy = alertsClient.busyCount();
        long dlqNow = stats.deadLettered.sum();
        long scoredEvents = stats.scored.sum(); // scored by the model, not merely read: see docs/heartbeat.md
        long unscoredEvents = stats.unscored.sum();
        long shedEvents = stats.shed.sum();
        ObjectNode e = JSON.createObjectNode();
        e.set("time", JSON.getNodeFactory().numberNode(seconds(nowSeconds)));
        e.put("connector_id", config.connectorId());
        e.put("version", VERSION);
        e.put("interval_s", Math.round(secs * 1000) / 1000.0);
        e.put("uptime_s", Math.round((now - startNanos) / 1e6) / 1000.0);
        e.put("consumer_lag", stats.consumerLag());
        e.put("events_consumed", ev - lastEvents);
        e.put("events_scored", scoredEvents - lastScored);
        e.put("events_unscored", unscoredEvents - lastUnscored);
        e.put("events_shed", shedEvents - lastShed);
        e.put("alerts_sent", al - lastAlerts);
        e.put("events_per_s", Math.round((ev - lastEvents) / secs * 10) / 10.0);
        e.put("alerts_per_s", Math.round((al - lastAlerts) / secs * 100) / 100.0);
        e.put("hec_errors", errs - lastErrors);
        e.put("hec_busy", busy - lastBusy);
        e.put("dlq_count", dlqNow - lastDlq);
        e.put("rules_loaded", engines.rulesLoaded());
        e.put("sigma_rules", engines.sigmaRules());
        e.put("yara_rules", engines.yaraRules());
        if (engines.reloader() != null) {
            e.put("rules_reloads", engines.reloader().reloads());
            e.put("rules_reload_failures", engines.reloader().failures());
        }
        e.put("model_version", engines.modelVersion());
        if (engines.model() instanceof io.centinela.model.serve.ClassifierScorer scorer) {
            long hits = scorer.cache().hits(); // texts (events and attribution variants) the template cache answered
            e.put("model_cache_hits", hits - lastCacheHits);
            lastCacheHits = hits;
        }
        lastEvents = ev;
        lastAlerts = al;
        lastErrors = errs;
        lastBusy = busy;
        lastDlq = dlqNow;
        lastScored = scoredEvents;
        lastUnscored = unscoredEvents;
        lastShed = shedEvents;
        lastNanos = now;
        return e;
    }

    private static BigDecimal seconds(double s) {
        return new BigDecimal(String.format(Locale.ROOT, "%.3f", s));
    }

    private void beat() {
        try {
            double now = System.currentTimeMillis() / 1000.0;
            ObjectNode env = JSON.createObjectNode();
            env.set("time", JSON.getNodeFactory().numberNode(seconds(now)));
            env.put("host", hostName());
            env.put("source", "centinela:connector");
            env.put("sourcetype", "centinela:heartbeat");
            if (config.string(HEC_INDEX) != null) {
                env.put("index", config.string(HEC_INDEX));
            }
            env.set("event", event(now));
            client.send(List.of(JSON.writeValueAsBytes(env)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("heartbeat not sent: {}", e.getMessage());
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "centinela";
        }
    }

    @Override
    public void close() {
        client.close();
        timer.shutdownNow();
    }
}
