package io.centinela.risk;

import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The first stage of an engine's branch: sends a copy of each detection to each of the engine's keys and, each
 * time the newest event time in the detections log crosses a {@link #WATERMARK_STEP_MS} boundary, a watermark record
 * to every by-key partition. Without it a partition's event time would move only with its own keys, and a quiet
 * partition would hold its due alerts. The newest time lives in a changelogged store ({@code <name>-watermark}), so
 * after a failover the watermarks fall at the same log positions: emitted alerts and late detections stay a
 * function of the detections log alone. Thread ownership: the task's stream thread.
 */
final class KeyRouter implements Processor<String, Detection, String, Detection> {

    static final long WATERMARK_STEP_MS = 1000;
    static final String WATERMARK_KEY = "\u0000watermark";
    static final String WATERMARK_ID = "\u0000watermark";

    private final KeyedEngine<?> engine;
    private ProcessorContext<String, Detection> context;
    private KeyValueStore<String, Long> newest;

    KeyRouter(KeyedEngine<?> engine) {
        this.engine = engine;
    }

    static String store(String name) {
        return name + "-watermark";
    }

    static boolean isWatermark(Detection d) {
        return WATERMARK_ID.equals(d.alertId());
    }

    static Detection watermark(long timeMs) {
        return new Detection(WATERMARK_ID, timeMs, null, List.of(), List.of(), null, null, List.of(), List.of(), null,
                null, null, Map.of(), false, null, null, null, null, null);
    }

    @Override
    public void init(ProcessorContext<String, Detection> context) {
        this.context = context;
        this.newest = context.getStateStore(store(engine.name()));
    }

    @Override
    public void process(Record<String, Detection> record) {
        Detection d = record.value();
        if (d == null || isWatermark(d)) {
            return;
        }
        for (String key : engine.keys(d)) {
            context.forward(new Record<>(key, d, d.eventTimeMs()));
        }
        Long before = newest.get(WATERMARK_KEY);
        if (before == null || d.eventTimeMs() / WATERMARK_STEP_MS > before / WATERMARK_STEP_MS) {
            newest.put(WATERMARK_KEY, d.eventTimeMs());
            context.forward(new Record<>(WATERMARK_KEY, watermark(d.eventTimeMs()), d.eventTimeMs()));
        }
    }

    /** Keys by murmur2 like Kafka's default; watermarks to every partition. */
    static StreamPartitioner<String, Detection> partitioner() {
        return (topic, key, value, n) -> {
            if (WATERMARK_KEY.equals(key)) {
                return Optional.of(IntStream.range(0, n).boxed().collect(Collectors.toSet()));
            }
            return Optional.of(Set.of(Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % n));
        };
    }
}
