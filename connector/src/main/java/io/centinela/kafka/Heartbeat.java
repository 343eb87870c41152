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

/**
 * Sends a heartbeat event to HEC every {@code heartbeat.interval.ms} (sourcetype {@code centinela:heartbeat}) for the
 * Splunk app's pipeline-health view: consumer_lag, events_per_s, alerts_per_s, hec_errors, dlq_count, rules_loaded,
 * model_version, events_scored, connector_id. Uses its own HEC client so a heartbeat never waits behind alerts.
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
    private long lastEvents;
    private long lastAlerts;
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
        long every = config.longValue("heartbeat.interval.ms");
        timer.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
        return this;
    }

    ObjectNode event() {
        long now = System.nanoTime();
        double secs = Math.max(1e-3, (now - lastNanos) / 1e9);
        long ev = stats.events.sum();
        long al = stats.alerts.sum();
        ObjectNode e = JSON.createObjectNode();
        e.put("connector_id", config.connectorId());
        e.put("consumer_lag", stats.consumerLag());
        e.put("events_per_s", Math.round((ev - lastEvents) / secs * 10) / 10.0);
        e.put("alerts_per_s", Math.round((al - lastAlerts) / secs * 10) / 10.0);
        e.put("hec_errors", alertsClient.errorCount());
        e.put("dlq_count", stats.deadLettered.sum());
        e.put("rules_loaded", engines.rulesLoaded());
        e.put("model_version", engines.modelVersion());
        e.put("events_scored", stats.scored.sum());
        e.put("events_total", ev);
        e.put("alerts_total", al);
        lastEvents = ev;
        lastAlerts = al;
        lastNanos = now;
        return e;
    }

    private void beat() {
        try {
            ObjectNode env = JSON.createObjectNode();
            env.set("time", JSON.getNodeFactory().numberNode(new BigDecimal(String.format(Locale.ROOT, "%.3f",
                    System.currentTimeMillis() / 1000.0))));
            env.put("host", config.hecConfig().uris().get(0).getHost().equals("127.0.0.1") ? "localhost" : hostName());
            env.put("source", config.string("hec.source"));
            env.put("sourcetype", "centinela:heartbeat");
            if (config.string("hec.index") != null) {
                env.put("index", config.string("hec.index"));
            }
            env.set("event", event());
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
