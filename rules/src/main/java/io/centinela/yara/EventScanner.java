package io.centinela.yara;

import io.centinela.event.Event;

import java.util.List;

/**
 * Scans the parts of an event that the scan policy selects with YARA. One instance per worker thread (it owns a
 * native scanner); close it when the thread ends.
 */
public interface EventScanner extends AutoCloseable {

    /** Every rule that matched any scanned field of the event; empty when none. */
    List<YaraMatch> scan(Event event);

    @Override
    void close();
}
