package io.centinela.pipeline;

import io.centinela.alert.ModelDetection;
import io.centinela.event.Event;
import io.centinela.model.ThreatScorer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * The scorer of a {@link LiveModelDir}: serves the package its {@code current} pointer names and swaps to another
 * one on {@link #reload}. The new package is loaded (manifest verified) before the swap, so the old scorer serves
 * until then; a package that fails to load keeps the old one, logged and counted.
 * <p>Thread ownership: workers call {@code score*} concurrently; {@link #reload} runs on the watcher thread. Each
 * score call holds its scorer's read lock, so the old scorer is closed only after calls in flight on it returned.
 */
public final class LiveScorer implements ThreatScorer {

    private static final Logger LOG = LoggerFactory.getLogger(LiveScorer.class);

    /** One loaded package; {@code closed} is set under the write lock. */
    private static final class Held {
        final ThreatScorer scorer;
        final String packageName;
        final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
        boolean closed;

        Held(ThreatScorer scorer, String packageName) {
            this.scorer = scorer;
            this.packageName = packageName;
        }
    }

    private final LiveModelDir live;
    private final Function<Path, ThreatScorer> loader;
    private final AtomicReference<Held> current;
    private final AtomicLong reloads = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    private LiveScorer(LiveModelDir live, Function<Path, ThreatScorer> loader, Held first) {
        this.live = live;
        this.loader = loader;
        this.current = new AtomicReference<>(first);
    }

    /** Loads the package {@code current} names; {@code loader} opens (and verifies) a package folder. */
    public static LiveScorer open(LiveModelDir live, Function<Path, ThreatScorer> loader) {
        String name = live.pointer(LiveModelDir.CURRENT).orElseThrow(() -> new IllegalStateException(
                "no " + live.dir().resolve(LiveModelDir.CURRENT)));
        return new LiveScorer(live, loader, new Held(loader.apply(live.packageDir(name)), name));
    }

    /**
     * Re-reads the pointer; when it names another package, loads it and swaps it in. Returns true when the live
     * package changed. Never throws: a failed load keeps the old scorer.
     */
    public synchronized boolean reload() {
        Held old = current.get();
        String name;
        ThreatScorer next;
        try {
            name = live.pointer(LiveModelDir.CURRENT).orElseThrow(() -> new IllegalStateException(
                    live.dir().resolve(LiveModelDir.CURRENT) + " is missing"));
            if (name.equals(old.packageName)) {
                return false;
            }
            reloads.incrementAndGet();
            next = loader.apply(live.packageDir(name));
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            LOG.error("live model reload failed, keeping {} {}: {}", old.scorer.name(), old.scorer.version(), e.getMessage());
            return false;
        }
        current.set(new Held(next, name));
        old.lock.writeLock().lock(); // waits for score calls in flight on the old scorer
        try {
            old.closed = true;
            old.scorer.close();
        } finally {
            old.lock.writeLock().unlock();
        }
        LOG.info("live model is now {} {} (package {}; was {} {})", next.name(), next.version(), name,
                old.scorer.name(), old.scorer.version());
        return true;
    }

    private <T> T withScorer(Function<ThreatScorer, T> call) {
        while (true) {
            Held h = current.get();
            h.lock.readLock().lock();
            try {
                if (!h.closed) {
                    return call.apply(h.scorer);
                }
            } finally {
                h.lock.readLock().unlock();
            }
            if (current.get() == h) {
                throw new IllegalStateException("the live model scorer is closed");
            }
            // swapped and closed between get() and lock(): take the new one
        }
    }

    @Override
    public List<ModelDetection> score(List<Event> events, boolean withAttribution) {
        return withScorer(s -> s.score(events, withAttribution));
    }

    @Override
    public List<Embedded> scoreEmbedded(List<Event> events, boolean withAttribution) {
        return withScorer(s -> s.scoreEmbedded(events, withAttribution));
    }

    /** The scorer now live (for meters; do not keep it: it is closed at the next swap). */
    public ThreatScorer delegate() {
        return current.get().scorer;
    }

    /** The folder under packages/ now live. */
    public String packageName() {
        return current.get().packageName;
    }

    public LiveModelDir liveDir() {
        return live;
    }

    @Override
    public String name() {
        return current.get().scorer.name();
    }

    @Override
    public String version() {
        return current.get().scorer.version();
    }

    @Override
    public double threshold() {
        return current.get().scorer.threshold();
    }

    /** Pointer changes that named another package (loaded or not). */
    public long reloads() {
        return reloads.get();
    }

    /** Reloads that kept the old package because the new one did not load. */
    public long failures() {
        return failures.get();
    }

    @Override
    public synchronized void close() {
        Held h = current.get();
        h.lock.writeLock().lock();
        try {
            if (!h.closed) {
                h.closed = true;
                h.scorer.close();
            }
        } finally {
            h.lock.writeLock().unlock();
        }
    }
}
