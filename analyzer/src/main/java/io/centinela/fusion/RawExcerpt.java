package io.centinela.fusion;

import java.nio.charset.StandardCharsets;

/** The original event as JSON text, cut to at most {@code maxBytes} UTF-8 bytes on a character boundary. */
record RawExcerpt(String text, boolean truncated) {

    static RawExcerpt of(String json, int maxBytes) {
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= maxBytes) {
            return new RawExcerpt(json, false);
        }
        int end = maxBytes;
        while (end > 0 && (utf8[end] & 0xC0) == 0x80) {
            end--; // never split a multi-byte character
        }
        return new RawExcerpt(new String(utf8, 0, end, StandardCharsets.UTF_8), true);
    }
}
