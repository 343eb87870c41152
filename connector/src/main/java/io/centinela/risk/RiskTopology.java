package io.centinela.risk;

import io.centinela.alert.Alert;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.apache.kafka.streams.state.Stores;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The detection-in-context topology. One source (the internal detections topic, event time read from each
 * detection), then per {@link KeyedEngine} one branch:
 * <pre>
 *   detections --KeyRouter(engine.keys, watermarks)--> &lt;app&gt;-&lt;name&gt;-by-key-repartition --&gt; KeyedEngineProcessor(&lt;name&gt;-state,
 *   &lt;name&gt;-timers, both with changelog topics) --&gt; alerts topic
 * </pre>
 * The risk engine is the first branch; the Sigma correlation engine is added as a second {@link KeyedEngine}
 * (keys = its rules' group-by values) without touching the rest. Each branch repartitions on its own key, so the
 * engines scale and fail over independently per partition.
 */
public final class RiskTopology {

    /** Event time is the detection's own time, never the record's arrival time. */
    static final TimestampExtractor EVENT_TIME = (rec, previous) ->
            rec.value() instanceof Detection d ? d.eventTimeMs() : Math.max(previous, 0);

    private RiskTopology() {
    }

    /** The engines this deployment runs, each with its grace period, key cap and stats. */
    public record Branch(KeyedEngine<?> engine, long graceMs, int maxKeys, KeyedStateStats stats) {
    }

    /** The risk branch of a policy. */
    public static Branch risk(RiskPolicy policy) {
        return new Branch(new RiskEngine(policy), policy.graceMs(), policy.maxEntities(), new KeyedStateStats());
    }

    /**
     * The Sigma correlation branch (keys: correlation + group-by values, a chain of correlations one key); its grace
     * period is the engine's ({@code correlation.grace.ms}), its key cap {@code maxKeys} per task.
     */
    public static Branch correlation(io.centinela.sigma.correlation.CorrelationEngine engine, int maxKeys) {
        CorrelationKeyedEngine e = new CorrelationKeyedEngine(engine);
        return new Branch(e, e.graceMs(), maxKeys, new KeyedStateStats());
    }

    public static Topology build(RiskStreamsConfig cfg, List<Branch> branches) {
        StreamsBuilder b = new StreamsBuilder();
        KStream<String, Detection> detections = b.stream(cfg.detectionsTopic(),
                Consumed.with(Serdes.String(), DetectionCodec.detectionSerde()).withTimestampExtractor(EVENT_TIME)
                        .withName("detections"));
        Map<String, Branch> names = new LinkedHashMap<>();
        for (Branch br : branches) {
            if (names.put(br.engine().name(), br) != null) {
                throw new IllegalArgumentException("two engines named " + br.engine().name());
            }
            addBranch(b, detections, cfg, br);
        }
        return b.build();
    }

    private static <S> void addBranch(StreamsBuilder b, KStream<String, Detection> detections, RiskStreamsConfig cfg,
                                      Branch br) {
        @SuppressWarnings("unchecked")
        KeyedEngine<S> engine = (KeyedEngine<S>) br.engine();
        String name = engine.name();
        b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(KeyedEngineProcessor.stateStore(name)),
                Serdes.String(), Serdes.ByteArray()));
        b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(KeyedEngineProcessor.timerStore(name)),
                Serdes.Bytes(), Serdes.ByteArray()));
        Repartitioned<String, Detection> rep = Repartitioned.with(Serdes.String(), DetectionCodec.detectionSerde())
                .withName(name + "-by-key").withStreamPartitioner(KeyRouter.partitioner());
        if (cfg.partitions() > 0) {
            rep = rep.withNumberOfPartitions(cfg.partitions());
        }
        b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(KeyRouter.store(name)),
                Serdes.String(), Serdes.Long()));
        KStream<String, Alert> alerts = detections
                .process(() -> new KeyRouter(engine), Named.as(name + "-keys"), KeyRouter.store(name))
                .repartition(rep)
                .process(() -> new KeyedEngineProcessor<>(engine, br.graceMs(), br.maxKeys(), br.stats()),
                        Named.as(name), KeyedEngineProcessor.stateStore(name), KeyedEngineProcessor.timerStore(name));
        alerts.to(cfg.alertsTopic(), Produced.with(Serdes.String(), DetectionCodec.alertSerde()).withName(name + "-alerts"));
    }
}
