package io.centinela.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.Objects;

/**
 * Turns raw bytes into an {@link Event}: checks size, UTF-8, JSON syntax, nesting depth and that the document is
 * an object, then hands the tree to the {@link EventNormalizer}. Thread-safe; create one per configuration.
 */
public final class EventParser {

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /** Default cap on one event: 1 MiB. */
    public static final int DEFAULT_MAX_BYTES = 1 << 20;
    /** Default cap on JSON nesting. Real events nest under 10 levels; 64 stops stack-exhaustion inputs. */
    public static final int DEFAULT_MAX_DEPTH = 64;

    private final int maxBytes;
    private final ObjectMapper mapper;
    private final EventNormalizer normalizer;

    public EventParser() {
        this(DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, new EventNormalizer());
    }

    public EventParser(int maxBytes, int maxDepth, EventNormalizer normalizer) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be > 0");
        }
        this.maxBytes = maxBytes;
        this.normalizer = Objects.requireNonNull(normalizer, "normalizer");
        var factory = com.fasterxml.jackson.core.JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxDepth).build())
                .build();
        this.mapper = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    public int maxBytes() {
        return maxBytes;
    }

    public EventNormalizer normalizer() {
        return normalizer;
    }

    /** Parses and normalises one event, detecting its format. */
    public Event parse(byte[] bytes, EventOrigin origin) throws EventRejectedException {
        return parse(bytes, origin, EventFormat.AUTO);
    }

    /** Parses and normalises one event in the given format ({@link EventFormat#AUTO} detects it). */
    public Event parse(byte[] bytes, EventOrigin origin, EventFormat format) throws EventRejectedException {
        if (bytes == null || bytes.length == 0) {
            throw new EventRejectedException(EventRejectedException.Reason.EMPTY, "empty record");
        }
        if (bytes.length > maxBytes) {
            throw new EventRejectedException(EventRejectedException.Reason.TOO_LARGE,
                    bytes.length + " bytes exceeds the limit of " + maxBytes + " bytes");
        }
        checkUtf8(bytes);
        JsonNode tree;
        try {
            tree = mapper.readTree(bytes);
        } catch (StreamConstraintsException e) {
            // Jackson gives no position for these; the message names the measured length and the limit
            EventRejectedException.Reason reason = constraintReason(e);
            String what = reason == EventRejectedException.Reason.NUMBER_TOO_LONG
                    ? "a JSON number is too long to parse safely: " : "";
            throw new EventRejectedException(reason, what + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new EventRejectedException(EventRejectedException.Reason.INVALID_JSON,
                    e.getOriginalMessage() + locationOf(e), e);
        } catch (IOException e) {
            throw new EventRejectedException(EventRejectedException.Reason.INVALID_JSON, String.valueOf(e.getMessage()), e);
        }
        if (tree == null || tree.isMissingNode()) {
            throw new EventRejectedException(EventRejectedException.Reason.EMPTY, "no JSON value");
        }
        if (!tree.isObject()) {
            throw new EventRejectedException(EventRejectedException.Reason.NOT_AN_OBJECT,
                    "expected a JSON object, got " + tree.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        return normalizer.normalize(tree, origin, format, bytes.length);
    }

    /**
     * Which {@link StreamReadConstraints} limit Jackson hit. Jackson 2.x has one exception type for all of them, so
     * the limit is told by the getter its message names ({@code "... from `StreamReadConstraints.getMaxNestingDepth()`"}).
     * Limits without their own reason (document, string, name length, token count) are size limits: TOO_LARGE.
     */
    static EventRejectedException.Reason constraintReason(StreamConstraintsException e) {
        String m = String.valueOf(e.getOriginalMessage());
        if (m.contains("getMaxNestingDepth")) {
            return EventRejectedException.Reason.TOO_DEEP;
        }
        if (m.contains("getMaxNumberLength") || m.startsWith("BigDecimal scale")) {
            return EventRejectedException.Reason.NUMBER_TOO_LONG;
        }
        return EventRejectedException.Reason.TOO_LARGE;
    }

    private static String locationOf(JsonProcessingException e) {
        var loc = e.getLocation();
        return loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }

    /**
     * Strict UTF-8 validation without decoding (no allocation): rejects malformed sequences, overlong forms,
     * surrogates, code points over U+10FFFF and NUL bytes (a NUL cannot occur in JSON text; Jackson would otherwise
     * auto-detect UTF-16/32 input and accept it).
     */
    static void checkUtf8(byte[] bytes) throws EventRejectedException {
        int n = bytes.length;
        int i = 0;
        // Fast path, 8 bytes at a time: skip words that are pure ASCII without a NUL byte.
        while (i + 8 <= n) {
            long w = (long) LONGS.get(bytes, i);
            if ((w & 0x8080808080808080L) != 0 || ((w - 0x0101010101010101L) & ~w & 0x8080808080808080L) != 0) {
                break;
            }
            i += 8;
        }
        while (i < n) {
            int b = bytes[i];
            if (b > 0) {
                i++;
                continue;
            }
            if (b == 0) {
                throw new EventRejectedException(EventRejectedException.Reason.INVALID_UTF8,
                        "the record contains NUL bytes (UTF-16 or UTF-32 text?); events must be UTF-8 JSON");
            }
            int lead = b & 0xFF;
            int len;
            int min;
            if (lead >= 0xC2 && lead <= 0xDF) {
                len = 2;
                min = 0x80;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                len = 3;
                min = 0x800;
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                len = 4;
                min = 0x10000;
            } else {
                throw invalidUtf8(i);
            }
            if (i + len > n) {
                throw invalidUtf8(i);
            }
            int cp = lead & (0xFF >> (len + 1));
            for (int k = 1; k < len; k++) {
                int c = bytes[i + k] & 0xFF;
                if ((c & 0xC0) != 0x80) {
                    throw invalidUtf8(i);
                }
                cp = (cp << 6) | (c & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                throw invalidUtf8(i);
            }
            i += len;
        }
    }

    private static EventRejectedException invalidUtf8(int offset) {
        return new EventRejectedException(EventRejectedException.Reason.INVALID_UTF8,
                "the record is not valid UTF-8 (malformed sequence at byte " + offset + ")");
    }
}
