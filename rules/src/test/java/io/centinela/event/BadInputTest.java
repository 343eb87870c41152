package io.centinela.event;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input is rejected with a typed reason and a message, never an unchecked exception. */
class BadInputTest {

    private static final EventOrigin ORIGIN = new EventOrigin.Kafka("t", 0, 42, 0);

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("empty", new byte[0], EventRejectedException.Reason.EMPTY),
                Arguments.of("whitespace", bytes("   \n"), EventRejectedException.Reason.EMPTY),
                Arguments.of("truncated", bytes("{\"EventID\": 1, \"Image\": \"a"), EventRejectedException.Reason.INVALID_JSON),
                Arguments.of("garbage", bytes("not json"), EventRejectedException.Reason.INVALID_JSON),
                Arguments.of("trailing tokens", bytes("{\"a\":1} {\"b\":2}"), EventRejectedException.Reason.INVALID_JSON),
                Arguments.of("duplicate key", bytes("{\"a\":1,\"a\":2}"), EventRejectedException.Reason.INVALID_JSON),
                Arguments.of("array", bytes("[{\"a\":1}]"), EventRejectedException.Reason.NOT_AN_OBJECT),
                Arguments.of("string", bytes("\"EventID\""), EventRejectedException.Reason.NOT_AN_OBJECT),
                Arguments.of("number", bytes("4688"), EventRejectedException.Reason.NOT_AN_OBJECT),
                Arguments.of("null", bytes("null"), EventRejectedException.Reason.NOT_AN_OBJECT),
                Arguments.of("invalid utf-8", new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'},
                        EventRejectedException.Reason.INVALID_UTF8),
                Arguments.of("lone continuation byte", new byte[] {'{', '"', (byte) 0x80, '"', ':', '1', '}'},
                        EventRejectedException.Reason.INVALID_UTF8),
                Arguments.of("overlong slash", new byte[] {'{', '"', (byte) 0xC0, (byte) 0xAF, '"', ':', '1', '}'},
                        EventRejectedException.Reason.INVALID_UTF8),
                Arguments.of("surrogate", new byte[] {'{', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', ':', '1', '}'},
                        EventRejectedException.Reason.INVALID_UTF8),
                Arguments.of("truncated sequence", new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xE2, (byte) 0x82},
                        EventRejectedException.Reason.INVALID_UTF8),
                Arguments.of("above U+10FFFF", new byte[] {'{', '"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"', ':', '1', '}'},
                        EventRejectedException.Reason.INVALID_UTF8),
                Arguments.of("utf-16", "{\"a\":1}".getBytes(StandardCharsets.UTF_16LE), EventRejectedException.Reason.INVALID_UTF8),
                Arguments.of("mac resource fork", new byte[] {0, 5, 22, 7, 0, 2, 0, 0, 'M', 'a', 'c'},
                        EventRejectedException.Reason.INVALID_UTF8),
                Arguments.of("too deep", bytes("{\"a\":".repeat(65) + "1" + "}".repeat(65)),
                        EventRejectedException.Reason.TOO_DEEP),
                Arguments.of("too deep arrays", bytes("{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}"),
                        EventRejectedException.Reason.TOO_DEEP),
                Arguments.of("5000-digit integer", bytes("{\"a\":" + "9".repeat(5000) + "}"),
                        EventRejectedException.Reason.NUMBER_TOO_LONG),
                Arguments.of("5000-digit fraction", bytes("{\"a\":[1, 0." + "1".repeat(5000) + "]}"),
                        EventRejectedException.Reason.NUMBER_TOO_LONG));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejectedWithReason(String name, byte[] input, EventRejectedException.Reason reason) {
        EventRejectedException e = assertThrows(EventRejectedException.class, () -> new EventParser().parse(input, ORIGIN));
        assertEquals(reason, e.reason(), e.getMessage());
        assertTrue(e.getMessage().startsWith(reason.name() + ": "), e.getMessage());
    }

    @Test
    void aHugeNumberIsNamedAsSuchWithItsLengthAndPosition() throws Exception {
        EventRejectedException e = assertThrows(EventRejectedException.class,
                () -> new EventParser().parse(bytes("{\"EventID\": 1,\n \"n\": " + "7".repeat(5000) + "}"), ORIGIN));
        assertEquals(EventRejectedException.Reason.NUMBER_TOO_LONG, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("JSON number") && e.getMessage().contains("(5000)")
                && e.getMessage().contains("(1000"), e.getMessage());
        // a long number within the limit is still an event
        new EventParser().parse(bytes("{\"n\": " + "7".repeat(900) + "}"), ORIGIN);
    }

    @Test
    void depthLimitIsConfigurableAndExactlyTheLimitPasses() throws Exception {
        EventParser p = new EventParser(1 << 20, 4, new EventNormalizer());
        p.parse(bytes("{\"a\":{\"b\":{\"c\":{\"d\":1}}}}"), ORIGIN);
        assertEquals(EventRejectedException.Reason.TOO_DEEP, assertThrows(EventRejectedException.class,
                () -> p.parse(bytes("{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":1}}}}}"), ORIGIN)).reason());
    }

    @Test
    void sizeLimitIsConfigurableAndDefaultsToOneMiB() throws Exception {
        assertEquals(1 << 20, new EventParser().maxBytes());
        String big = "{\"CommandLine\":\"" + "A".repeat(1 << 20) + "\"}";
        EventRejectedException e = assertThrows(EventRejectedException.class, () -> new EventParser().parse(bytes(big), ORIGIN));
        assertEquals(EventRejectedException.Reason.TOO_LARGE, e.reason());
        assertTrue(e.getMessage().contains("1048576"), e.getMessage());
        EventParser small = new EventParser(64, 64, new EventNormalizer());
        small.parse(bytes("{\"a\":\"" + "x".repeat(50) + "\"}"), ORIGIN);
        assertEquals(EventRejectedException.Reason.TOO_LARGE, assertThrows(EventRejectedException.class,
                () -> small.parse(bytes("{\"a\":\"" + "x".repeat(60) + "\"}"), ORIGIN)).reason());
    }

    @Test
    void validMultiByteUtf8Passes() throws Exception {
        Event e = new EventParser().parse(bytes("{\"Product\":\"Microsoft® Windows® — ñ 漢字 😀\"}"), ORIGIN);
        assertEquals("Microsoft® Windows® — ñ 漢字 😀", e.field("Product"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
