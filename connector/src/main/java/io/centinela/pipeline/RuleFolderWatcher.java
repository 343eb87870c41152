package io.centinela.pipeline;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Watches rule folders (and their subfolders) with a {@link WatchService} and runs a reload once no file has
 * changed for the debounce time, on its own daemon thread. New subfolders are watched as they appear. On Linux the
 * JDK uses inotify, so a change is seen within milliseconds; the debounce absorbs editors' multi-step saves.
 */
public final class RuleFolderWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RuleFolderWatcher.class);

    private final WatchService watcher;
    private final Duration debounce;
    private final Runnable reload;
    private final Thread thread;
    private final String what;

    private RuleFolderWatcher(String what, List<Path> roots, Duration debounce, Runnable reload) throws IOException {
        this.what = what;
        this.watcher = FileSystems.getDefault().newWatchService();
        this.debounce = debounce;
        this.reload = reload;
        for (Path root : roots) {
            registerTree(Files.isDirectory(root) ? root : root.toAbsolutePath().getParent());
        }
        this.thread = new Thread(this::loop, "centinela-" + what + "-watcher");
        thread.setDaemon(true);
    }

    /** Starts watching {@code roots} (folders, or files whose folder is watched); {@code reload} runs per burst. */
    public static RuleFolderWatcher start(List<Path> roots, Duration debounce, Runnable reload) {
        return start("rule", roots, debounce, reload);
    }

    /** As {@link #start(List, Duration, Runnable)}; {@code what} names the folders in logs and the thread name. */
    public static RuleFolderWatcher start(String what, List<Path> roots, Duration debounce, Runnable reload) {
        try {
            RuleFolderWatcher w = new RuleFolderWatcher(what, roots, debounce, reload);
            w.thread.start();
            LOG.info("watching {} folders {} (reload {} ms after the last change)", what, roots, debounce.toMillis());
            return w;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch " + what + " folders " + roots, e);
        }
    }

    private void registerTree(Path root) throws IOException {
        try (Stream<Path> dirs = Files.walk(root)) {
            for (Path d : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
                d.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
        }
    }

    private void loop() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                boolean changed = drain(key);
                // Debounce: keep collecting until the folders stay quiet for the debounce time.
                WatchKey more;
                while ((more = watcher.poll(debounce.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                    changed |= drain(more);
                }
                if (changed) {
                    try {
                        reload.run();
                    } catch (RuntimeException e) {
                        LOG.error("{} reload failed: {}", what, e.toString());
                    }
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed: stop
        }
    }

    private boolean drain(WatchKey key) {
        Path dir = (Path) key.watchable();
        boolean changed = false;
        for (var ev : key.pollEvents()) {
            changed = true;
            if (ev.kind() == StandardWatchEventKinds.ENTRY_CREATE && ev.context() instanceof Path name) {
                Path child = dir.resolve(name);
                if (Files.isDirectory(child)) {
                    try {
                        registerTree(child);
                    } catch (IOException e) {
                        LOG.warn("cannot watch new {} folder {}: {}", what, child, e.getMessage());
                    }
                }
            }
        }
        key.reset();
        return changed;
    }

    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            LOG.debug("closing the watch service: {}", e.getMessage());
        }
        thread.interrupt();
    }
}
