package io.centinela.event;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventFileReaderTest {

    private final EventParser parser = new EventParser();

    @Test
    void jsonLinesWithBlankLinesCrlfAndABadLineInTheMiddle() throws Exception {
        String text = "{\"EventID\":1,\"Channel\":\"c\"}\r\n\n{broken\n  \n{\"a\":\"b\"}\n[1]\n{\"last\":true}";
        List<String> out = readAll(text, EventFileReader.Layout.AUTO);
        assertEquals(List.of("1:ok:FLAT_WINDOWS", "3:INVALID_JSON", "5:ok:GENERIC", "6:NOT_AN_OBJECT", "7:ok:GENERIC"), out);
    }

    @Test
    void concatenatedPrettyPrintedObjects() throws Exception {
        String text = """
                {
                  "a": "brace } and quote \\" inside",
                  "b": {"c": [1, {"d": "]"}]}
                }
                {"second": 1}{"third": 2}
                42
                {
                  "unterminated": "x"
                """;
        try (EventFileReader r = EventFileReader.of(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                "mem", EventFileReader.Layout.AUTO, 1 << 20)) {
            List<String> got = new ArrayList<>();
            while (r.hasNext()) {
                EventFileReader.Document d = r.next();
                assertEquals(EventFileReader.Layout.CONCATENATED, d.layout());
                got.add(d.origin().line() + "@" + d.startLine() + ":" + outcome(d));
            }
            assertEquals(List.of("1@1:ok:GENERIC", "2@5:ok:GENERIC", "3@5:ok:GENERIC", "4@6:NOT_AN_OBJECT",
                    "5@7:INVALID_JSON"), got);
        }
    }

    @Test
    void oversizeDocumentIsRejectedWithoutBufferingItAndTheNextOneIsRead() throws Exception {
        String big = "{\"x\":\"" + "A".repeat(10_000) + "\"}";
        String text = big + "\n{\"ok\":1}\n";
        try (EventFileReader r = EventFileReader.of(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                "mem", EventFileReader.Layout.JSON_LINES, 1000)) {
            EventFileReader.Document d = r.next();
            assertTrue(d.oversize());
            assertEquals(1001, d.bytes().length);
            assertEquals(big.length(), d.sizeBytes());
            EventRejectedException e = org.junit.jupiter.api.Assertions.assertThrows(EventRejectedException.class,
                    () -> d.parse(parser, EventFormat.AUTO));
            assertEquals(EventRejectedException.Reason.TOO_LARGE, e.reason());
            assertEquals("ok:GENERIC", outcome(r.next()));
            assertTrue(!r.hasNext());
        }
    }

    @Test
    void zipEntriesAndGzipAreReadInPlace(@TempDir Path dir) throws Exception {
        Path zip = dir.resolve("logs.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new ZipEntry("a.json"));
            z.write("{\"n\":1}\n{\"n\":2}\n".getBytes(StandardCharsets.UTF_8));
            z.putNextEntry(new ZipEntry("dir/"));
            z.putNextEntry(new ZipEntry("dir/b.json"));
            z.write("{\n \"n\": 3\n}\n".getBytes(StandardCharsets.UTF_8));
        }
        List<String> keys = new ArrayList<>();
        try (EventFileReader r = EventFileReader.open(zip)) {
            r.forEachRemaining(d -> keys.add(d.origin().key() + "/" + d.layout()));
        }
        assertEquals(List.of("file:" + zip + "!a.json:1/JSON_LINES", "file:" + zip + "!a.json:2/JSON_LINES",
                "file:" + zip + "!dir/b.json:1/CONCATENATED"), keys);

        Path gz = dir.resolve("e.jsonl.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write("{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n".getBytes(StandardCharsets.UTF_8));
        }
        int n = 0;
        try (EventFileReader r = EventFileReader.open(gz)) {
            while (r.hasNext()) {
                assertEquals("ok:GENERIC", outcome(r.next()));
                n++;
            }
        }
        assertEquals(3, n);
    }

    @Test
    void documentsAcrossBufferBoundariesInBothLayouts() throws Exception {
        StringBuilder lines = new StringBuilder();
        StringBuilder pretty = new StringBuilder();
        int n = 0;
        for (int i = 0; i < 300; i++) {
            String value = "v".repeat(i * 37 % 1500) + (i == 0 ? "x".repeat(70_000) : "");
            lines.append("{\"n\":").append(i).append(",\"s\":\"").append(value).append("\"}\n");
            pretty.append("{\n  \"n\": ").append(i).append(",\n  \"s\": \"").append(value).append("\"\n}\n");
            n++;
        }
        for (String text : List.of(lines.toString(), pretty.toString())) {
            try (EventFileReader r = EventFileReader.of(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                    "mem", EventFileReader.Layout.AUTO, 1 << 20)) {
                int i = 0;
                while (r.hasNext()) {
                    Event e = r.next().parse(parser, EventFormat.AUTO);
                    assertEquals(String.valueOf(i), e.field("n"));
                    i++;
                }
                assertEquals(n, i);
            }
        }
    }

    @Test
    void emptyFileHasNoDocuments(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("empty.json"), "\n\n  \n");
        try (EventFileReader r = EventFileReader.open(f)) {
            assertTrue(!r.hasNext());
        }
    }

    private List<String> readAll(String text, EventFileReader.Layout layout) throws IOException {
        List<String> out = new ArrayList<>();
        try (EventFileReader r = EventFileReader.of(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                "mem", layout, 1 << 20)) {
            while (r.hasNext()) {
                EventFileReader.Document d = r.next();
                out.add(d.origin().line() + ":" + outcome(d));
            }
        }
        return out;
    }

    private String outcome(EventFileReader.Document d) {
        try {
            return "ok:" + d.parse(parser, EventFormat.AUTO).format();
        } catch (EventRejectedException e) {
            return e.reason().name();
        }
    }
}
