package io.centinela.kafka;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Logs one metrics line every {@code metrics.log.interval.ms} (INFO, logger {@code MetricsLog}), for operators
 * without a Splunk heartbeat or a metrics scraper. Owns one daemon timer thread, stopped by {@link #close()}; the
 * line is built on that thread from thread-safe counters.
 */
final class MetricsLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsLog.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "centinela-metrics-log");
        t.setDaemon(true);
        return t;
    });

    private MetricsLog(Duration every, Supplier<String> line) {
        timer.scheduleWithFixedDelay(() -> {
            try {
                LOG.info("metrics: {}", line.get());
            } catch (RuntimeException e) {
                LOG.warn("metrics line failed: {}", e.toString());
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts logging; null when {@code every} is zero (off). */
    static MetricsLog start(Duration every, Supplier<String> line) {
        return every.isZero() ? null : new MetricsLog(every, line);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
