package io.centinela.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.centinela.alert.ModelDetection;
import io.centinela.config.CentinelaConfig;
import io.centinela.config.ConfigException;
import io.centinela.event.Event;
import io.centinela.model.ThreatScorer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import static io.centinela.config.CentinelaConfig.MODEL_SHADOW_DIR;
import static io.centinela.config.CentinelaConfig.MODEL_SHADOW_LOG;

/**
 * Shadow scoring: serves the live scorer's detections unchanged and scores the same events with a candidate
 * package, which never alerts. Each event both scored is one line of the shadow log
 * ({@code {"origin","live_version","live","live_alert","cand_version","cand","cand_alert"}}) and counted per
 * package as a would-alert decision (model verdict: score at or above that package's threshold for the event).
 * <p>Thread-safe: workers score concurrently; log lines are written under the log's lock, one flush per batch.
 * The candidate runs on the worker thread after the live model, so shadow costs about one more model pass.
 * A candidate failure is counted and logged; the live detections are returned regardless.
 */
public final class ShadowScorer implements ThreatScorer {

    private static final Logger LOG = LoggerFactory.getLogger(ShadowScorer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ThreatScorer live;
    private final ThreatScorer candidate;
    private final BufferedWriter log;
    private final Path logFile;
    public final LongAdder scored = new LongAdder();
    public final LongAdder liveAlerts = new LongAdder();
    public final LongAdder candidateAlerts = new LongAdder();
    public final LongAdder candidateFailures = new LongAdder();
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    ShadowScorer(ThreatScorer live, ThreatScorer candidate, Path logFile) throws IOException {
        this.live = live;
        this.candidate = candidate;
        this.logFile = logFile;
        Path parent = logFile.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        this.log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /**
     * The shadow of {@code live} configured by {@code model.shadow.*}, or null when {@code model.shadow.dir} is
     * unset. A candidate that fails verification, or a missing log setting, is a config error (the start fails).
     */
    public static ShadowScorer open(CentinelaConfig cfg, ThreatScorer live) {
        String dir = cfg.string(MODEL_SHADOW_DIR);
        if (dir == null) {
            return null;
        }
        if (live == null) {
            throw new ConfigException(MODEL_SHADOW_DIR + " is set but no live model is scoring (model.enabled, model.dir)");
        }
        String file = cfg.string(MODEL_SHADOW_LOG);
        if (file == null) {
            throw new ConfigException(MODEL_SHADOW_DIR + " is set: set " + MODEL_SHADOW_LOG + " to the file the shadow scores go to");
        }
        ThreatScorer cand;
        try {
            cand = EngineFactory.openPackage(Path.of(dir));
        } catch (RuntimeException e) {
            throw new ConfigException("cannot load the shadow model package " + dir + ": " + e.getMessage()
                    + " (fix " + MODEL_SHADOW_DIR + ")");
        }
        try {
            ShadowScorer s = new ShadowScorer(live, cand, Path.of(file));
            LOG.info("shadow model {} {} scores beside the live one (never alerting); scores to {}", cand.name(),
                    cand.version(), file);
            return s;
        } catch (IOException e) {
            cand.close();
            throw new ConfigException("cannot write the shadow log " + file + ": " + e.getMessage() + " (fix " + MODEL_SHADOW_LOG + ")");
        }
    }

    /** {@code engines} with this scorer in place of the live model (for the workers only). */
    public AnalysisEngines over(AnalysisEngines engines) {
        return new AnalysisEngines(engines.sigma(), engines.yara(), this, engines.fusion(), engines.yaraRules(),
                engines.resources(), engines.reloader());
    }

    @Override
    public List<ModelDetection> score(List<Event> events, boolean withAttribution) {
        List<ModelDetection> d = live.score(events, withAttribution);
        shadow(events, d);
        return d;
    }

    @Override
    public List<Embedded> scoreEmbedded(List<Event> events, boolean withAttribution) {
        List<Embedded> d = live.scoreEmbedded(events, withAttribution);
        shadow(events, d.stream().map(Embedded::detection).toList());
        return d;
    }

    private void shadow(List<Event> events, List<ModelDetection> liveDetections) {
        List<ModelDetection> cand;
        try {
            cand = candidate.score(events, false);
        } catch (RuntimeException e) {
            candidateFailures.increment();
            LOG.warn("shadow model failed on a batch of {} events (live scoring unaffected): {}", events.size(), e.toString());
            return;
        }
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < events.size(); i++) {
            ModelDetection l = liveDetections.get(i);
            ModelDetection c = cand.get(i);
            boolean la = l.score() >= l.threshold();
            boolean ca = c.score() >= c.threshold();
            scored.increment();
            if (la) {
                liveAlerts.increment();
            }
            if (ca) {
                candidateAlerts.increment();
            }
            ObjectNode o = JSON.createObjectNode();
            o.put("origin", events.get(i).origin().key());
            o.put("live_version", l.version()).put("live", round(l.score())).put("live_alert", la);
            o.put("cand_version", c.version()).put("cand", round(c.score())).put("cand_alert", ca);
            lines.append(o).append('\n');
        }
        synchronized (log) {
            try {
                log.write(lines.toString());
                log.flush();
            } catch (IOException e) {
                LOG.warn("cannot write the shadow log {}: {}", logFile, e.getMessage());
            }
        }
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    public ThreatScorer candidate() {
        return candidate;
    }

    @Override
    public String name() {
        return live.name();
    }

    @Override
    public String version() {
        return live.version();
    }

    @Override
    public double threshold() {
        return live.threshold();
    }

    /** Closes the candidate and the log (once); the live scorer belongs to the engines. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        candidate.close();
        synchronized (log) {
            try {
                log.close();
            } catch (IOException e) {
                LOG.warn("closing the shadow log {}: {}", logFile, e.getMessage());
            }
        }
    }
}
