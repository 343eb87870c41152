package io.centinela.event.evtx;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * One Windows event log (.evtx) opened through libevtx: its record count, its recovered-record count (records
 * libevtx found in free space of the file, e.g. after the log was cleared) and each record's XML as Windows renders
 * it ({@code <Event xmlns=...><System>...</System><EventData>...</EventData></Event>}).
 *
 * <p>Not thread-safe: one thread uses an open file (libevtx keeps a read cursor and caches per file handle).
 * {@link #close()} frees the native handle; a closed file refuses every call.
 */
public final class EvtxFile implements Closeable {

    /** A record libevtx could not decode (corrupt chunk, unknown template): skipped and reported, never fatal. */
    public static final class RecordException extends Exception {

        private static final long serialVersionUID = 1L;

        RecordException(String message) {
            super(message);
        }
    }

    private final Path path;
    private final Memory cell = new Memory(8);
    private final Memory error = new Memory(8);
    private long file;

    private EvtxFile(Path path) {
        this.path = path;
    }

    /**
     * Opens {@code path} for reading.
     *
     * @throws NoSuchFileException when it does not exist
     * @throws IOException when libevtx refuses it (not an EVTX file, unreadable)
     * @throws EvtxUnavailableException when libevtx is not installed
     */
    public static EvtxFile open(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString());
        }
        EvtxLibrary.load();
        EvtxFile f = new EvtxFile(path);
        f.error.clear();
        f.cell.clear();
        if (LibEvtx.libevtx_file_initialize(Pointer.nativeValue(f.cell), Pointer.nativeValue(f.error)) != 1) {
            throw new IOException(path + ": libevtx cannot create a file handle: " + f.takeError());
        }
        f.file = f.cell.getLong(0);
        byte[] name = path.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8);
        try (Memory cName = new Memory(name.length + 1L)) {
            cName.write(0, name, 0, name.length);
            cName.setByte(name.length, (byte) 0);
            if (LibEvtx.libevtx_file_open(f.file, Pointer.nativeValue(cName), LibEvtx.libevtx_get_access_flags_read(),
                    Pointer.nativeValue(f.error)) != 1) {
                String why = f.takeError();
                f.free();
                throw new IOException(path + ": not a readable EVTX file (libevtx: " + why + ")");
            }
        }
        return f;
    }

    public Path path() {
        return path;
    }

    /** Records in the file's chunks. */
    public int recordCount() throws IOException {
        return count(false);
    }

    /** Records recovered from free space (deleted or cleared records); usually 0. */
    public int recoveredCount() throws IOException {
        return count(true);
    }

    /** The UTF-8 XML of record {@code index} (0-based) of the file's records or of its recovered ones. */
    public String xml(int index, boolean recovered) throws RecordException {
        long f = handle();
        error.clear();
        cell.clear();
        int rc = recovered
                ? LibEvtx.libevtx_file_get_recovered_record_by_index(f, index, Pointer.nativeValue(cell), Pointer.nativeValue(error))
                : LibEvtx.libevtx_file_get_record_by_index(f, index, Pointer.nativeValue(cell), Pointer.nativeValue(error));
        if (rc != 1) {
            throw new RecordException("libevtx cannot read " + (recovered ? "recovered " : "") + "record " + index
                    + ": " + takeError());
        }
        long record = cell.getLong(0);
        try (Memory size = new Memory(8)) {
            if (LibEvtx.libevtx_record_get_utf8_xml_string_size(record, Pointer.nativeValue(size), Pointer.nativeValue(error)) != 1) {
                throw new RecordException("libevtx cannot render record " + index + " as XML: " + takeError());
            }
            long n = size.getLong(0);
            if (n <= 0 || n > Integer.MAX_VALUE) {
                throw new RecordException("libevtx reports an XML size of " + n + " bytes for record " + index);
            }
            try (Memory text = new Memory(n)) {
                if (LibEvtx.libevtx_record_get_utf8_xml_string(record, Pointer.nativeValue(text), n, Pointer.nativeValue(error)) != 1) {
                    throw new RecordException("libevtx cannot render record " + index + " as XML: " + takeError());
                }
                byte[] bytes = text.getByteArray(0, (int) n - 1); // without the terminating NUL
                return new String(bytes, StandardCharsets.UTF_8);
            }
        } finally {
            cell.setLong(0, record);
            error.clear();
            if (LibEvtx.libevtx_record_free(Pointer.nativeValue(cell), Pointer.nativeValue(error)) != 1) {
                takeError(); // nothing to do: the record is lost to us either way
            }
        }
    }

    private int count(boolean recovered) throws IOException {
        long f = handle();
        error.clear();
        try (Memory n = new Memory(4)) {
            n.clear();
            int rc = recovered
                    ? LibEvtx.libevtx_file_get_number_of_recovered_records(f, Pointer.nativeValue(n), Pointer.nativeValue(error))
                    : LibEvtx.libevtx_file_get_number_of_records(f, Pointer.nativeValue(n), Pointer.nativeValue(error));
            if (rc != 1) {
                throw new IOException(path + ": libevtx cannot count the " + (recovered ? "recovered " : "")
                        + "records: " + takeError());
            }
            return n.getInt(0);
        }
    }

    private long handle() {
        if (file == 0) {
            throw new IllegalStateException(path + ": EVTX file already closed");
        }
        return file;
    }

    /** The pending libevtx error as text; frees it. */
    private String takeError() {
        long e = error.getLong(0);
        if (e == 0) {
            return "unknown error";
        }
        String text;
        try (Memory buf = new Memory(1024)) {
            buf.clear();
            int n = LibEvtx.libevtx_error_sprint(e, Pointer.nativeValue(buf), 1024);
            text = n <= 0 ? "unknown error" : buf.getString(0, "UTF-8").strip().replace('\n', ' ');
        }
        LibEvtx.libevtx_error_free(Pointer.nativeValue(error));
        error.clear();
        return text;
    }

    private void free() {
        if (file != 0) {
            cell.setLong(0, file);
            error.clear();
            LibEvtx.libevtx_file_free(Pointer.nativeValue(cell), Pointer.nativeValue(error));
            if (error.getLong(0) != 0) {
                takeError();
            }
            file = 0;
        }
    }

    @Override
    public void close() {
        if (file != 0) {
            error.clear();
            if (LibEvtx.libevtx_file_close(file, Pointer.nativeValue(error)) != 0) {
                takeError();
            }
            free();
        }
        cell.close();
        error.close();
    }
}
