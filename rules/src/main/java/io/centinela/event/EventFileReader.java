package io.centinela.event;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Streams the JSON documents of a file without loading it: JSON lines (one document per line) or concatenated
 * JSON (pretty-printed objects back to back, as in SigmaHQ's regression data). {@code .gz} files are
 * decompressed on the fly and every entry of a {@code .zip} is read in turn, in place.
 *
 * <p>The reader only splits; it never judges. Each {@link Document} carries its exact bytes so that
 * {@link EventParser} applies the same checks (UTF-8, syntax, depth, size) as for Kafka records, and a bad
 * document costs only itself: the next one is read normally. A document over {@code maxBytes} is not buffered
 * past the limit; its {@link Document#parse} reports {@link EventRejectedException.Reason#TOO_LARGE}.
 *
 * <p>Origins: JSON lines give {@code EventOrigin.File(path, line)} with the 1-based line; concatenated JSON gives
 * the 1-based document number (two documents may share a line). Zip entries are named {@code archive.zip!entry}.
 * Not thread-safe; one reader per file.
 */
public final class EventFileReader implements Iterator<EventFileReader.Document>, Closeable {

    /** How documents are laid out in the file. */
    public enum Layout {
        /** Decide from the first non-blank line: a complete JSON value means JSON lines. */
        AUTO,
        /** One document per line; blank lines are skipped. */
        JSON_LINES,
        /** Documents back to back, separated by optional whitespace. */
        CONCATENATED;

        public static Layout parse(String text) {
            return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    /**
     * One document: where it is, the layout it was read with, its bytes (at most {@code maxBytes + 1}) and its
     * real size.
     */
    public record Document(EventOrigin.File origin, Layout layout, long startLine, byte[] bytes, long sizeBytes) {

        /** True when the document is larger than the reader's limit (its bytes are cut). */
        public boolean oversize() {
            return sizeBytes > bytes.length;
        }

        /** Parses and normalises this document; oversize ones are rejected before any parsing. */
        public Event parse(EventParser parser, EventFormat format) throws EventRejectedException {
            if (oversize() || sizeBytes > parser.maxBytes()) {
                throw new EventRejectedException(EventRejectedException.Reason.TOO_LARGE,
                        sizeBytes + " bytes exceeds the limit of " + parser.maxBytes() + " bytes");
            }
            return parser.parse(bytes, origin, format);
        }

        /** "path:line N" (or "document N, line M") for messages. */
        public String where() {
            return layout == Layout.CONCATENATED
                    ? origin.path() + " document " + origin.line() + " (line " + startLine + ")"
                    : origin.path() + ":" + origin.line();
        }
    }

    /** A named stream still to read (one per zip entry, or the file itself). */
    private interface Source {
        String name();

        InputStream open() throws IOException;
    }

    private final Deque<Source> sources;
    private final Layout requested;
    private final int maxBytes;
    private final Closeable owner;

    private ByteSource in;
    private String currentName;
    private Layout layout;
    private long line;
    private long docNumber;
    private Document next;
    private boolean done;
    private int pending = -2;

    private EventFileReader(Deque<Source> sources, Layout layout, int maxBytes, Closeable owner) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be > 0");
        }
        this.sources = sources;
        this.requested = layout;
        this.maxBytes = maxBytes;
        this.owner = owner;
    }

    /** Opens a file ({@code .zip}: every entry in order; {@code .gz}: decompressed). */
    public static EventFileReader open(Path path, Layout layout, int maxBytes) throws IOException {
        String name = path.toString();
        Deque<Source> sources = new ArrayDeque<>();
        if (name.toLowerCase(Locale.ROOT).endsWith(".zip")) {
            ZipFile zip = new ZipFile(path.toFile());
            zip.stream().filter(e -> !e.isDirectory()).forEach(e -> sources.add(zipSource(zip, e, name)));
            return new EventFileReader(sources, layout, maxBytes, zip);
        }
        sources.add(new Source() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public InputStream open() throws IOException {
                InputStream raw = Files.newInputStream(path);
                return name.toLowerCase(Locale.ROOT).endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
            }
        });
        return new EventFileReader(sources, layout, maxBytes, null);
    }

    /** Opens a file with automatic layout detection and the parser's default size limit. */
    public static EventFileReader open(Path path) throws IOException {
        return open(path, Layout.AUTO, EventParser.DEFAULT_MAX_BYTES);
    }

    /** Reads a stream (closed with the reader) named {@code name} in origins. */
    public static EventFileReader of(InputStream stream, String name, Layout layout, int maxBytes) {
        Deque<Source> sources = new ArrayDeque<>();
        sources.add(new Source() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public InputStream open() {
                return stream;
            }
        });
        return new EventFileReader(sources, layout, maxBytes, stream);
    }

    private static Source zipSource(ZipFile zip, ZipEntry entry, String zipName) {
        return new Source() {
            @Override
            public String name() {
                return zipName + "!" + entry.getName();
            }

            @Override
            public InputStream open() throws IOException {
                return zip.getInputStream(entry);
            }
        };
    }

    @Override
    public boolean hasNext() {
        if (next == null && !done) {
            try {
                next = advance();
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + currentName + ": " + e.getMessage(), e);
            }
            done = next == null;
        }
        return next != null;
    }

    @Override
    public Document next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Document d = next;
        next = null;
        return d;
    }

    private Document advance() throws IOException {
        while (true) {
            if (in == null) {
                Source s = sources.poll();
                if (s == null) {
                    return null;
                }
                startSource(s);
            }
            Document d = layout == Layout.CONCATENATED ? readConcatenated() : readLine();
            if (d != null) {
                return d;
            }
            in.close();
            in = null;
        }
    }

    private void startSource(Source s) throws IOException {
        currentName = s.name();
        line = 1;
        docNumber = 0;
        pending = -2;
        ByteSource raw = new ByteSource(s.open());
        if (requested != Layout.AUTO) {
            layout = requested;
            in = raw;
            return;
        }
        // Look at the first non-blank line, then replay it.
        Buffer head = new Buffer(maxBytes);
        int b;
        boolean nonBlank = false;
        while ((b = raw.read()) >= 0) {
            head.add(b);
            if (b == '\n') {
                if (nonBlank) {
                    break;
                }
            } else if (!isWhitespace(b)) {
                nonBlank = true;
            }
            if (head.size > maxBytes) {
                break;
            }
        }
        layout = nonBlank && head.size <= maxBytes && !completeValue(head) ? Layout.CONCATENATED : Layout.JSON_LINES;
        raw.replay(head.bytes());
        in = raw;
    }

    /** True when the bytes hold one balanced JSON value (brace/bracket depth back to 0 outside strings). */
    private static boolean completeValue(Buffer head) {
        int depth = 0;
        boolean inString = false;
        boolean escape = false;
        boolean opened = false;
        for (int i = 0; i < head.size; i++) {
            int c = head.data[i];
            if (inString) {
                if (escape) {
                    escape = false;
                } else if (c == '\\') {
                    escape = true;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
                opened = true;
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
        return !opened || depth <= 0;
    }

    private int read() throws IOException {
        if (pending != -2) {
            int p = pending;
            pending = -2;
            return p;
        }
        return in.read();
    }

    private Document readLine() throws IOException {
        if (pending != -2) {
            throw new IllegalStateException("pending byte in JSON-lines mode");
        }
        while (true) {
            Buffer buf = new Buffer(maxBytes);
            boolean blank = true;
            boolean any = false;
            boolean eol = false;
            while (!eol && in.fill()) {
                byte[] a = in.cur;
                int p = in.pos;
                int lim = in.lim;
                int start = p;
                while (p < lim && a[p] != '\n') {
                    if (blank && !isWhitespace(a[p])) {
                        blank = false;
                    }
                    p++;
                }
                buf.addAll(a, start, p - start);
                any |= p > start;
                if (p < lim) {
                    eol = true;
                    p++;
                }
                in.pos = p;
            }
            if (!any && !eol) {
                return null;
            }
            long thisLine = line++;
            if (blank) {
                continue;
            }
            buf.stripTrailingCr();
            return new Document(new EventOrigin.File(currentName, thisLine), Layout.JSON_LINES, thisLine,
                    buf.bytes(), buf.size);
        }
    }

    private Document readConcatenated() throws IOException {
        int b;
        while ((b = read()) >= 0 && isWhitespace(b)) {
            if (b == '\n') {
                line++;
            }
        }
        if (b < 0) {
            return null;
        }
        long startLine = line;
        Buffer buf = new Buffer(maxBytes);
        if (b == '{' || b == '[') {
            int depth = 0;
            boolean inString = false;
            boolean escape = false;
            do {
                buf.add(b);
                if (b == '\n') {
                    line++;
                }
                if (inString) {
                    if (escape) {
                        escape = false;
                    } else if (b == '\\') {
                        escape = true;
                    } else if (b == '"') {
                        inString = false;
                    }
                } else if (b == '"') {
                    inString = true;
                } else if (b == '{' || b == '[') {
                    depth++;
                } else if (b == '}' || b == ']') {
                    depth--;
                }
                if (depth == 0) {
                    break;
                }
            } while ((b = read()) >= 0);
        } else {
            // A top-level scalar (or junk): up to the next whitespace or the start of an object.
            do {
                buf.add(b);
            } while ((b = read()) >= 0 && !isWhitespace(b) && b != '{' && b != '[');
            if (b >= 0) {
                pending = b;
            }
        }
        docNumber++;
        return new Document(new EventOrigin.File(currentName, docNumber), Layout.CONCATENATED, startLine,
                buf.bytes(), buf.size);
    }

    private static boolean isWhitespace(int b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    @Override
    public void close() throws IOException {
        try {
            if (in != null) {
                in.close();
            }
        } finally {
            if (owner != null) {
                owner.close();
            }
        }
    }

    /** Unsynchronised buffered byte input with an optional replayed prefix (the AUTO layout probe). */
    private static final class ByteSource implements Closeable {
        private final InputStream in;
        private final byte[] buf = new byte[1 << 16];
        byte[] cur = buf;
        int pos;
        int lim;

        ByteSource(InputStream in) {
            this.in = in;
        }

        private int savedPos;
        private int savedLim;

        /** Serves {@code head} (bytes already consumed) again before the rest of the stream. */
        void replay(byte[] head) {
            savedPos = pos;
            savedLim = lim;
            cur = head;
            pos = 0;
            lim = head.length;
        }

        /** Makes at least one byte available in {@code cur[pos..lim)}; false at end of stream. */
        boolean fill() throws IOException {
            if (pos < lim) {
                return true;
            }
            if (cur != buf) {
                cur = buf;
                pos = savedPos;
                lim = savedLim;
                if (pos < lim) {
                    return true;
                }
            }
            int n = in.read(buf, 0, buf.length);
            while (n == 0) {
                n = in.read(buf, 0, buf.length);
            }
            pos = 0;
            lim = Math.max(n, 0);
            return n > 0;
        }

        int read() throws IOException {
            return fill() ? cur[pos++] & 0xFF : -1;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** A growable byte buffer that stops storing after {@code cap + 1} bytes but keeps counting. */
    private static final class Buffer {
        private final int cap;
        private byte[] data = new byte[256];
        private int stored;
        private long size;

        Buffer(int cap) {
            this.cap = cap;
        }

        void add(int b) {
            size++;
            if (stored > cap) {
                return;
            }
            if (stored == data.length) {
                data = Arrays.copyOf(data, (int) Math.min((long) data.length * 2, (long) cap + 1));
            }
            data[stored++] = (byte) b;
        }

        void addAll(byte[] src, int off, int len) {
            size += len;
            int room = cap + 1 - stored;
            int n = Math.min(room, len);
            if (n <= 0) {
                return;
            }
            if (stored + n > data.length) {
                data = Arrays.copyOf(data, (int) Math.min(Math.max((long) data.length * 2, stored + n), (long) cap + 1));
            }
            System.arraycopy(src, off, data, stored, n);
            stored += n;
        }

        void stripTrailingCr() {
            if (size == stored && stored > 0 && data[stored - 1] == '\r') {
                stored--;
                size--;
            }
        }

        byte[] bytes() {
            return Arrays.copyOf(data, stored);
        }
    }
}
