package io.centinela.event.evtx;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.centinela.event.Event;
import io.centinela.event.EventFormat;
import io.centinela.event.EventOrigin;
import io.centinela.event.EventParser;
import io.centinela.event.EventRejectedException;

import javax.xml.stream.XMLStreamException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The records of one .evtx file as events: each record's XML (libevtx) becomes evtx_dump JSON ({@link EvtxXml}) and
 * is normalised as {@code evtx-json}, so the Sigma field names are those of the JSON path. Records first, then the
 * records libevtx recovers from free space (when {@code recovered}). A record that cannot be decoded is a
 * {@link EventRejectedException.Reason#INVALID_RECORD} rejection of that record only; the others still come.
 *
 * <p>Origins: {@code file:<path>:<n>} with n the 1-based record position, {@code file:<path>#recovered:<n>} for a
 * recovered record. Not thread-safe (one reader per thread, as its {@link EvtxFile}).
 */
public final class EvtxReader implements Iterator<EvtxReader.Record>, Closeable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One record: where it is, and its JSON bytes or why it could not be read ({@code failure} != null). */
    public record Record(EventOrigin.File origin, byte[] json, String failure) {

        /** Normalises the record, or rejects it with its reason. */
        public Event parse(EventParser parser) throws EventRejectedException {
            if (failure != null) {
                throw new EventRejectedException(EventRejectedException.Reason.INVALID_RECORD, failure);
            }
            return parser.parse(json, origin, EventFormat.EVTX_JSON);
        }

        /** "path record N" for messages. */
        public String where() {
            return origin.path() + " record " + origin.line();
        }
    }

    private final EvtxFile file;
    private final String name;
    private final int records;
    private final int recovered;
    private int next;

    private EvtxReader(EvtxFile file, String name, boolean withRecovered) throws IOException {
        this.file = file;
        this.name = name;
        this.records = file.recordCount();
        this.recovered = withRecovered ? file.recoveredCount() : 0;
    }

    /**
     * Opens {@code path}; see {@link EvtxFile#open} for the errors.
     *
     * @param withRecovered also yield the records libevtx recovers from the file's free space
     */
    public static EvtxReader open(Path path, boolean withRecovered) throws IOException {
        EvtxFile f = EvtxFile.open(path);
        try {
            return new EvtxReader(f, path.toString(), withRecovered);
        } catch (IOException | RuntimeException e) {
            f.close();
            throw e;
        }
    }

    /** True when the file looks like an event log by its name (the format has a signature, but names decide here). */
    public static boolean isEvtx(Path path) {
        return path.getFileName() != null && path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".evtx");
    }

    public int recordCount() {
        return records;
    }

    public int recoveredCount() {
        return recovered;
    }

    @Override
    public boolean hasNext() {
        return next < records + recovered;
    }

    @Override
    public Record next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        int i = next++;
        boolean rec = i >= records;
        int index = rec ? i - records : i;
        EventOrigin.File origin = new EventOrigin.File(rec ? name + "#recovered" : name, index + 1L);
        try {
            String xml = file.xml(index, rec);
            return new Record(origin, JSON.writeValueAsBytes(EvtxXml.toJson(xml)), null);
        } catch (EvtxFile.RecordException e) {
            return new Record(origin, null, e.getMessage());
        } catch (XMLStreamException e) {
            return new Record(origin, null, "record XML is malformed: " + e.getMessage().replace('\n', ' '));
        } catch (IOException e) {
            return new Record(origin, null, "record cannot be converted to JSON: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        file.close();
    }
}
