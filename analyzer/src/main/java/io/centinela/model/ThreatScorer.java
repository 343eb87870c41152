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

    /** Model name and version, as recorded in the package manifest. */
    String name();

    String version();

    /** Decision threshold stored in the package (chosen on dev for the target false-positive rate). */
    double threshold();

    @Override
    void close();
}
