package io.centinela.kafka;

import io.centinela.pipeline.Slot;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The trackers of the partitions this consumer owns now. A revoked partition's tracker is dropped with its work. */
public final class OffsetLedger {

    private final Map<TopicPartition, PartitionTracker> trackers = new ConcurrentHashMap<>();

    public List<Slot> add(TopicPartition tp, List<ConsumerRecord<byte[], byte[]>> records) {
        return trackers.computeIfAbsent(tp, PartitionTracker::new).add(records);
    }

    /** Offsets to commit now, per partition: the lowest contiguous done offset + 1. */
    public Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        trackers.forEach((tp, t) -> {
            long pos = t.committable();
            if (pos >= 0) {
                out.put(tp, new OffsetAndMetadata(pos));
            }
        });
        return out;
    }

    public Map<TopicPartition, OffsetAndMetadata> committable(Collection<TopicPartition> only) {
        Map<TopicPartition, OffsetAndMetadata> all = committable();
        all.keySet().retainAll(only);
        return all;
    }

    public void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((tp, om) -> {
            PartitionTracker t = trackers.get(tp);
            if (t != null) {
                t.committed(om.offset());
            }
        });
    }

    /** Drops the partitions' in-flight work: late completions land on a dead tracker and are ignored. */
    public void revoke(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            PartitionTracker t = trackers.remove(tp);
            if (t != null) {
                t.revoke();
            }
        }
    }

    public long pending() {
        long n = 0;
        for (PartitionTracker t : trackers.values()) {
            n += t.pending();
        }
        return n;
    }
}
