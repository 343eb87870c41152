package io.centinela.risk;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A running instance of the {@link RiskTopology}: one Kafka Streams client. Start as many as needed with one
 * application id; partitions (and their state) spread over them and move to the survivors when one dies.
 * Unreadable detections are logged and skipped (LogAndContinue); a failing stream thread is replaced.
 */
public final class RiskStreams implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RiskStreams.class);

    private final KafkaStreams streams;
    private final List<RiskTopology.Branch> branches;

    private RiskStreams(KafkaStreams streams, List<RiskTopology.Branch> branches) {
        this.streams = streams;
        this.branches = List.copyOf(branches);
    }

    /**
     * @param client    Kafka client settings (bootstrap servers, security); Streams settings may be given here too
     *                  (e.g. {@code session.timeout.ms}) and win over the defaults below
     */
    public static RiskStreams start(Map<String, Object> client, RiskStreamsConfig cfg, List<RiskTopology.Branch> branches) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, cfg.applicationId());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, cfg.guarantee());
        // Alerts wait for the grace period anyway: fewer, larger transactions than the EOS default of 100 ms.
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class.getName());
        // the topology has no global stores; this opts into the Kafka 5.0 behaviour now (and silences its start-up warning)
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        if (cfg.stateDir() != null) {
            p.put(StreamsConfig.STATE_DIR_CONFIG, cfg.stateDir().toString());
        }
        p.putAll(client);
        KafkaStreams s = new KafkaStreams(RiskTopology.build(cfg, branches), p);
        s.setUncaughtExceptionHandler(e -> {
            LOG.error("risk topology thread failed, replacing it: {}", e.toString(), e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        s.start();
        return new RiskStreams(s, branches);
    }

    /** Convenience: the risk engine alone. */
    public static RiskStreams startRisk(Map<String, Object> client, RiskStreamsConfig cfg, RiskPolicy policy) {
        return start(client, cfg, List.of(RiskTopology.risk(policy)));
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Waits until the instance is RUNNING (its tasks restored); false on timeout. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    /** Partitions of the named engine's by-key topic whose tasks run here now (state lives with them). */
    public java.util.SortedSet<Integer> activePartitions(String engine) {
        java.util.SortedSet<Integer> out = new java.util.TreeSet<>();
        String suffix = "-" + engine + "-by-key-repartition";
        for (var thread : streams.metadataForLocalThreads()) {
            for (var task : thread.activeTasks()) {
                task.topicPartitions().stream().filter(tp -> tp.topic().endsWith(suffix))
                        .forEach(tp -> out.add(tp.partition()));
            }
        }
        return out;
    }

    /** Stats of the named engine ("risk"). */
    public KeyedStateStats stats(String engine) {
        for (RiskTopology.Branch b : branches) {
            if (b.engine().name().equals(engine)) {
                return b.stats();
            }
        }
        throw new IllegalArgumentException("no engine " + engine);
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }
}
