package io.centinela.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.centinela.event.Event;
import io.centinela.event.EventOrigin;
import io.centinela.event.EventParser;
import io.centinela.event.EventRejectedException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The Mordor / OTRF Windows logs (zip archives of JSON lines) read in place with java.util.zip and parsed into
 * events. The raw JSON tree is dropped after normalisation (Sigma only reads {@code fields}) to keep the corpus
 * small in memory; bad lines are counted, not fatal.
 */
public final class WindowsLogCorpus {

    private static final ObjectNode EMPTY = JsonNodeFactory.instance.objectNode();

    private final List<Event> events;
    private final int badLines;
    private final int archives;

    private WindowsLogCorpus(List<Event> events, int badLines, int archives) {
        this.events = events;
        this.badLines = badLines;
        this.archives = archives;
    }

    /** Reads up to {@code maxEvents} events from every zip under {@code dir} (sorted by path). */
    public static WindowsLogCorpus read(Path dir, int maxEvents) throws IOException {
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
        List<Event> events = new ArrayList<>();
        int bad = 0;
        outer:
        for (Path zip : zips) {
            try (ZipFile zf = new ZipFile(zip.toFile())) {
                Enumeration<? extends ZipEntry> entries = zf.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry e = entries.nextElement();
                    if (e.isDirectory()) {
                        continue;
                    }
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(zf.getInputStream(e), StandardCharsets.UTF_8))) {
                        String line;
                        long n = 0;
                        while ((line = r.readLine()) != null) {
                            n++;
                            if (line.isBlank()) {
                                continue;
                            }
                            try {
                                Event ev = parser.parse(line.getBytes(StandardCharsets.UTF_8),
                                        new EventOrigin.File(zip.getFileName() + "!" + e.getName(), n));
                                events.add(new Event(EMPTY, ev.origin(), ev.format(), ev.kind(), ev.fields(), ev.sizeBytes()));
                            } catch (EventRejectedException ex) {
                                bad++;
                            }
                            if (events.size() >= maxEvents) {
                                break outer;
                            }
                        }
                    }
                }
            }
        }
        return new WindowsLogCorpus(List.copyOf(events), bad, zips.size());
    }

    /**
     * Copies the first {@code maxEvents} non-blank lines of the same archives, in the same order as {@link #read},
     * to a JSON-lines file: the input of the scan-path benchmark, so that it sees the events the engine-only
     * rounds see. Returns the number of lines written.
     */
    public static long writeJsonLines(Path dir, int maxEvents, Path out) throws IOException {
        List<Path> zips;
        try (Stream<Path> s = Files.walk(dir)) {
            zips = s.filter(p -> p.toString().endsWith(".zip")).sorted().toList();
        }
        long n = 0;
        try (var w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            outer:
            for (Path zip : zips) {
                try (ZipFile zf = new ZipFile(zip.toFile())) {
                    Enumeration<? extends ZipEntry> entries = zf.entries();
                    while (entries.hasMoreElements()) {
                        ZipEntry e = entries.nextElement();
                        if (e.isDirectory()) {
                            continue;
                        }
                        try (BufferedReader r = new BufferedReader(new InputStreamReader(zf.getInputStream(e), StandardCharsets.UTF_8))) {
                            String line;
                            while ((line = r.readLine()) != null) {
                                if (line.isBlank()) {
                                    continue;
                                }
                                w.write(line);
                                w.write('\n');
                                if (++n >= maxEvents) {
                                    break outer;
                                }
                            }
                        }
                    }
                }
            }
        }
        return n;
    }

    public List<Event> events() {
        return events;
    }

    public int badLines() {
        return badLines;
    }

    public int archives() {
        return archives;
    }
}
