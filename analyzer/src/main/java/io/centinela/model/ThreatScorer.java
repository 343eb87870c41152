package io.centinela.model;

import io.centinela.alert.ModelDetection;
import io.centinela.event.Event;

import java.util.List;

/**
 * Scores events with the threat classifier. Thread-safe; batches internally. The connector calls it once per
 * batch of events from one poll.
 */
public interface ThreatScorer extends AutoCloseable {

    /** One detection per event, in order: probability of "malicious", threshold, attribution when asked. */
    List<ModelDetection> score(List<Event> events, boolean withAttribution);

    /**
     * A verdict with what the site baseline needs: the rendered text's kind word and text, and the pooled encoder
     * embedding the score was computed from (the same forward pass). {@code embedding} is null when the scorer has
     * none (then the baseline skips the event).
     */
    record Embedded(ModelDetection detection, String kind, String text, float[] embedding) {
    }

    /** As {@link #score}, with the embeddings; by default without them (scorers that have no encoder). */
    default List<Embedded> scoreEmbedded(List<Event> events, boolean withAttribution) {
        return score(events, withAttribution).stream().map(d -> new Embedded(d, null, null, null)).toList();
    }

    /** Model name and version, as recorded in the package manifest. */
    String name();

    String version();

    /** Decision threshold stored in the package (chosen on dev for the target false-positive rate). */
    double threshold();

    @Override
    void close();
}
