package io.centinela.bench;

import io.centinela.event.Event;
import io.centinela.event.EventFileReader;
import io.centinela.event.EventFormat;
import io.centinela.event.EventParser;
import io.centinela.event.EventRejectedException;
import io.centinela.event.EventTime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Mordor / OTRF archives as a stream to replay: every document's original bytes (what a Kafka topic would
 * carry), in event-time order across archives (stable for equal times), so the template cache sees what a live
 * stream would. Documents that do not parse are left out (they would go to the dead-letter topic, not the model).
 */
public final class MordorReplay {

    private MordorReplay() {
    }

    private record Timed(long time, byte[] bytes) {
    }

    /** Up to {@code max} documents' bytes from every zip under {@code dir}, earliest event first. */
    public static List<byte[]> read(Path dir, int max) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("Windows log folder not found: " + dir);
        }
        List<Path> zips;
        try (Stream<Path> s = Files.walk(dir)) {
            zips = s.filter(p -> p.toString().endsWith(".zip")).sorted().toList();
        }
        if (zips.isEmpty()) {
            throw new IOException("no .zip archives under " + dir);
        }
        EventParser parser = new EventParser();
        List<Timed> all = new ArrayList<>();
        for (Path z : zips) {
            try (EventFileReader r = EventFileReader.open(z)) {
                while (r.hasNext()) {
                    EventFileReader.Document d = r.next();
                    try {
                        Event e = d.parse(parser, EventFormat.AUTO);
                        all.add(new Timed(EventTime.millis(e, Long.MAX_VALUE), d.bytes()));
                    } catch (EventRejectedException bad) {
                        // not replayed: the service would dead-letter it
                    }
                }
            }
        }
        all.sort(Comparator.comparingLong(Timed::time));
        return all.stream().limit(max).map(Timed::bytes).toList();
    }
}
