package io.centinela.yara;

import io.centinela.event.Event;
import io.centinela.event.EventOrigin;
import io.centinela.event.EventParser;

import java.nio.charset.StandardCharsets;

/** Test events through the real parser. */
final class Events {

    private static final EventParser PARSER = new EventParser();

    private Events() {
    }

    static Event parse(String json) {
        try {
            return PARSER.parse(json.getBytes(StandardCharsets.UTF_8), new EventOrigin.File("test", 1));
        } catch (Exception e) {
            throw new AssertionError("test event rejected: " + e.getMessage(), e);
        }
    }

    static String quote(String s) {
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(s).toString();
    }
}
