package io.centinela.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Splits a stream of JSON objects into one text per object: JSON lines or pretty-printed objects concatenated
 * back to back (evtx_dump output). Tracks braces outside strings, so a broken object costs only itself: the
 * next object still comes out. Small on purpose; replace with the foundation's reader once it is merged.
 */
final class JsonDocumentReader implements Iterator<JsonDocumentReader.Doc> {

    /** One object's text and the line it starts on (1-based). */
    record Doc(String text, long line) {
    }

    private final BufferedReader in;
    private final int maxChars;
    private long lineNo;
    private Doc next;

    JsonDocumentReader(BufferedReader in, int maxChars) {
        this.in = in;
        this.maxChars = maxChars;
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            try {
                next = read();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return next != null;
    }

    @Override
    public Doc next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Doc d = next;
        next = null;
        return d;
    }

    private Doc read() throws IOException {
        StringBuilder sb = new StringBuilder();
        int depth = 0;
        boolean inString = false, escaped = false;
        long start = -1;
        String line;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (sb.length() == 0 && line.isBlank()) {
                continue;
            }
            if (start < 0) {
                start = lineNo;
            }
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (inString) {
                    if (escaped) {
                        escaped = false;
                    } else if (c == '\\') {
                        escaped = true;
                    } else if (c == '"') {
                        inString = false;
                    }
                } else if (c == '"') {
                    inString = true;
                } else if (c == '{' || c == '[') {
                    depth++;
                } else if (c == '}' || c == ']') {
                    depth--;
                }
            }
            sb.append(line).append('\n');
            // A line-delimited record ends at its newline even when broken (unbalanced), so one bad line costs one event.
            if (depth <= 0 || (sb.length() > maxChars) || (start == lineNo && !line.trim().startsWith("{"))) {
                return new Doc(sb.toString(), start);
            }
            if (depth > 0 && start == lineNo && line.trim().startsWith("{") && line.trim().endsWith("}")) {
                return new Doc(sb.toString(), start); // a broken single-line object
            }
        }
        return sb.length() == 0 ? null : new Doc(sb.toString(), start);
    }
}
