package io.centinela.cli;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonDocumentReaderTest {

    private static List<JsonDocumentReader.Doc> read(String text) {
        JsonDocumentReader r = new JsonDocumentReader(new BufferedReader(new StringReader(text)), 1 << 20);
        List<JsonDocumentReader.Doc> out = new ArrayList<>();
        r.forEachRemaining(out::add);
        return out;
    }

    @Test
    void splitsConcatenatedPrettyObjects() {
        List<JsonDocumentReader.Doc> docs = read("{\n  \"a\": {\"b\": \"}\"}\n}\n{\n  \"c\": 1\n}\n");
        assertEquals(2, docs.size());
        assertEquals(1, docs.get(0).line());
        assertEquals(4, docs.get(1).line());
        assertTrue(docs.get(0).text().contains("\"}\""));
    }

    @Test
    void jsonLinesWithABrokenLineLoseOnlyThatLine() {
        List<JsonDocumentReader.Doc> docs = read("{\"a\":1}\n{\"b\": \"x}\n{\"c\":3}\n\n{\"d\":4}\n");
        assertEquals(4, docs.size());
        assertEquals("{\"c\":3}\n", docs.get(2).text());
        assertEquals(5, docs.get(3).line());
    }
}
