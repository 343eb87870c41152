package io.centinela.pipeline;

import io.centinela.alert.Alert;
import io.centinela.baseline.SiteBaseline;
import io.centinela.config.CentinelaConfig;
import io.centinela.config.ConfigException;
import io.centinela.event.Event;
import io.centinela.model.ThreatScorer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import static io.centinela.config.CentinelaConfig.BASELINE_CONTRIBUTOR_MAX_PER_WINDOW;
import static io.centinela.config.CentinelaConfig.BASELINE_CONTRIBUTOR_WINDOW_MS;
import static io.centinela.config.CentinelaConfig.BASELINE_ENABLED;
import static io.centinela.config.CentinelaConfig.BASELINE_MAX_VECTORS_PER_KIND;
import static io.centinela.config.CentinelaConfig.BASELINE_PATH;
import static io.centinela.config.CentinelaConfig.BASELINE_PERSIST_INTERVAL_MS;
import static io.centinela.config.CentinelaConfig.BASELINE_WARMUP_EVENTS;

/**
 * The site baseline in the streaming path (docs/baseline.md): for the model-scored events of a chunk, the novelty
 * that fusion weighs against the classifier, then learning from the chunk's events without detections. Loaded from
 * {@code baseline.path} at start (a file whose checksum or learning chain fails is refused: the start fails with
 * the key and the fix), persisted there every {@code baseline.persist.interval.ms} and at {@link #close}.
 *
 * <p>Threads: the worker threads call {@link #assess} and {@link #learn} concurrently; {@link SiteBaseline} takes a
 * read lock to assess and the write lock to learn one chunk (one hash-chain batch per chunk). The one persist
 * thread ({@code centinela-baseline-persist}, started by {@link #startPersisting}) only saves; {@link #close}
 * (the service's poll thread, after the workers stopped) stops it and saves once more. The counters are
 * {@link LongAdder}s written by workers and read by metrics.
 */
public final class BaselineStage implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BaselineStage.class);

    private final SiteBaseline baseline;
    private final Path file;
    private final Duration persistEvery;
    private final AtomicBoolean closed = new AtomicBoolean();
    private ScheduledExecutorService persister;
    private final java.util.Set<String> kinds = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile java.util.function.Consumer<String> newKind = k -> { };

    /** Events learned, refused (a detection; a contributor over its cap), model verdicts the baseline vetoed. */
    public final LongAdder learned = new LongAdder();
    public final LongAdder refusedDetected = new LongAdder();
    public final LongAdder refusedCapped = new LongAdder();
    public final LongAdder vetoed = new LongAdder();

    BaselineStage(SiteBaseline baseline, Path file, Duration persistEvery) {
        this.baseline = baseline;
        this.file = file;
        this.persistEvery = persistEvery;
    }

    /**
     * The stage of the {@code baseline.*} keys, or null when it is off or there is no model to embed with.
     *
     * @throws ConfigException when {@code baseline.path} holds a file that cannot be loaded
     */
    public static BaselineStage open(CentinelaConfig cfg, ThreatScorer model) {
        if (!cfg.bool(BASELINE_ENABLED) || model == null) {
            return null;
        }
        SiteBaseline.Settings d = SiteBaseline.Settings.defaults();
        SiteBaseline.Settings s = new SiteBaseline.Settings(cfg.integer(BASELINE_MAX_VECTORS_PER_KIND),
                d.maxTextsPerKind(), d.calibrationSize(), cfg.integer(BASELINE_WARMUP_EVENTS), d.repeatWindowDays(),
                cfg.longValue(BASELINE_CONTRIBUTOR_WINDOW_MS), cfg.integer(BASELINE_CONTRIBUTOR_MAX_PER_WINDOW),
                d.maxContributorsPerWindow(), d.ledgerCapacity(), d.neighbours(), d.seed());
        String p = cfg.string(BASELINE_PATH);
        Path file = p == null ? null : Path.of(p);
        SiteBaseline b;
        if (file != null && Files.exists(file)) {
            try {
                b = SiteBaseline.load(file);
            } catch (IOException e) {
                throw new ConfigException("bad value for '" + BASELINE_PATH + "': " + e.getMessage() + ". Fix: move "
                        + file + " away (keep it for the investigation: a refused baseline may have been tampered "
                        + "with) to start learning afresh, or restore a good copy, or set another " + BASELINE_PATH);
            }
            if (!b.settings().equals(s)) {
                LOG.warn("baseline {} was written with settings {}; it keeps them (the baseline.* keys apply to a new "
                        + "file only)", file, b.settings());
            }
            LOG.info("baseline loaded from {}: {} kinds, chain head {}", file, b.summary().kinds().size(), b.chainHead());
        } else {
            b = SiteBaseline.create(s);
            if (file == null) {
                LOG.warn("{} is not set: the site baseline is kept in memory only and relearned after a restart",
                        BASELINE_PATH);
            } else {
                checkWritable(file);
                LOG.info("no baseline at {} yet: learning a new one (warm after {} events per kind)", file,
                        s.warmUpEvents());
            }
        }
        return new BaselineStage(b, file, cfg.ms(BASELINE_PERSIST_INTERVAL_MS));
    }

    private static void checkWritable(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || (Files.exists(dir) ? !Files.isDirectory(dir) || !Files.isWritable(dir)
                : !Files.isWritable(firstExisting(dir)))) {
            throw new ConfigException("bad value for '" + BASELINE_PATH + "': cannot write " + file.toAbsolutePath()
                    + " (fix the folder's permissions or point " + BASELINE_PATH + " elsewhere)");
        }
    }

    private static Path firstExisting(Path dir) {
        Path d = dir;
        while (d != null && !Files.exists(d)) {
            d = d.getParent();
        }
        return d == null ? Path.of("/") : d;
    }

    /** Starts the periodic save (no-op without a file). Called once, by the service, before the workers run. */
    public synchronized void startPersisting() {
        if (file == null || persister != null) {
            return;
        }
        persister = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "centinela-baseline-persist");
            t.setDaemon(true);
            return t;
        });
        long ms = persistEvery.toMillis();
        persister.scheduleWithFixedDelay(this::persist, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Saves now; a failure is logged and the next interval tries again (the baseline in memory is unaffected). */
    void persist() {
        try {
            baseline.save(file);
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot write the baseline to {} ({}): it is kept in memory and saved again in {} ms", file,
                    e.toString(), persistEvery.toMillis());
        }
    }

    /** The samples of the scored events ({@code null} where an event was not scored or has no embedding). */
    List<SiteBaseline.Sample> samples(List<Event> events, ThreatScorer.Embedded[] verdicts) {
        long now = System.currentTimeMillis();
        List<SiteBaseline.Sample> out = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            ThreatScorer.Embedded v = verdicts[i];
            out.add(v == null || v.embedding() == null ? null : SiteBaseline.sample(events.get(i), v.kind(), v.text(),
                    v.embedding(), v.detection().score() >= v.detection().threshold(), false, false, now));
        }
        return out;
    }

    /** Novelty of each sample (null stays null); read-only. */
    SiteBaseline.Novelty[] assess(List<SiteBaseline.Sample> samples) {
        List<SiteBaseline.Sample> present = samples.stream().filter(java.util.Objects::nonNull).toList();
        List<SiteBaseline.Novelty> nov = present.isEmpty() ? List.of() : baseline.assess(present);
        SiteBaseline.Novelty[] out = new SiteBaseline.Novelty[samples.size()];
        for (int i = 0, k = 0; i < samples.size(); i++) {
            if (samples.get(i) != null) {
                out[i] = nov.get(k++);
            }
        }
        return out;
    }

    /**
     * Learns the chunk's samples with the detections fusion found: {@code ruleHit[i]} (any Sigma/YARA match) and a
     * model-driven alert are never learned (SiteBaseline's gate); counts vetoed verdicts.
     */
    void learn(List<SiteBaseline.Sample> samples, boolean[] ruleHit, List<Optional<Alert>> alerts) {
        List<SiteBaseline.Sample> teach = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            SiteBaseline.Sample s = samples.get(i);
            if (s == null) {
                continue;
            }
            boolean modelAlert = alerts.get(i).map(a -> a.detectionSources().contains("model")).orElse(false);
            if (s.modelOver() && !modelAlert) {
                vetoed.increment();
            }
            teach.add(s.withDetections(ruleHit[i], modelAlert));
        }
        if (teach.isEmpty()) {
            return;
        }
        SiteBaseline.LearnResult r = baseline.learn(teach);
        for (SiteBaseline.Sample t : teach) {
            if (!kinds.contains(t.kind()) && kinds.add(t.kind())) {
                newKind.accept(t.kind());
            }
        }
        learned.add(r.learned());
        refusedDetected.add(r.refusedDetected());
        refusedCapped.add(r.refusedCapped());
    }

    /**
     * Calls {@code listener} once per kind the baseline has, now for those loaded and later from the worker that
     * first learns a new one (metrics register a gauge per kind).
     */
    public void onNewKind(java.util.function.Consumer<String> listener) {
        this.newKind = listener;
        baseline.summary().kinds().forEach(k -> {
            if (kinds.add(k.kind())) {
                listener.accept(k.kind());
            }
        });
    }

    /** Distinct texts sampled for {@code kind} now (0 when it has none). */
    public double size(String kind) {
        return baseline.summary().kinds().stream().filter(k -> k.kind().equals(kind)).mapToInt(SiteBaseline.KindSummary::vectors)
                .sum();
    }

    public SiteBaseline.Summary summary() {
        return baseline.summary();
    }

    public Path file() {
        return file;
    }

    /** Stops the periodic save, saves once more (when there is a file) and frees the index. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        synchronized (this) {
            if (persister != null) {
                persister.shutdown();
                try {
                    persister.awaitTermination(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (file != null) {
            persist();
            LOG.info("baseline saved to {} (chain head {})", file, baseline.chainHead());
        }
        baseline.close();
    }
}
