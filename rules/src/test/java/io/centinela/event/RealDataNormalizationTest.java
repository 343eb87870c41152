package io.centinela.event;

import io.centinela.testkit.SharedData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every event of the shared data sets normalises, with the Windows system fields every Sigma rule needs. */
class RealDataNormalizationTest {

    private static final java.util.Set<String> SYSMON_REGISTRY_TYPES = java.util.Set.of("CreateKey", "DeleteKey",
            "SetValue", "DeleteValue", "RenameKey");

    private final EventParser parser = new EventParser();

    @Test
    void everySigmaRegressionEventNormalises() throws IOException {
        Path root = SharedData.path("sigma/regression_data");
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertEquals(202, files.size(), "regression_data holds 202 event files (SOURCE.md)");
        int events = 0;
        for (Path f : files) {
            try (EventFileReader r = EventFileReader.open(f)) {
                while (r.hasNext()) {
                    EventFileReader.Document d = r.next();
                    assertEquals(EventFileReader.Layout.CONCATENATED, d.layout(), f.toString());
                    Event e = parseOrFail(d);
                    assertEquals(EventFormat.EVTX_JSON, e.format(), d.where());
                    assertEquals(EventKind.WINDOWS, e.kind(), d.where());
                    assertWindowsSystemFields(e, d.where());
                    events++;
                }
            }
        }
        assertEquals(238, events, "regression_data holds 238 events (SOURCE.md)");
    }

    @Test
    void everyWindowsLogEventNormalisesAndOnlyMacResourceForksAreRejected() throws IOException {
        Path root = SharedData.path("windows-logs");
        List<Path> zips;
        try (Stream<Path> s = Files.walk(root)) {
            zips = s.filter(p -> p.toString().endsWith(".zip")).sorted().toList();
        }
        assertEquals(77, zips.size());
        long ok = 0;
        long expected = 0;
        int rejectedForks = 0;
        long registryEvents = 0;
        Map<EventFormat, Long> formats = new EnumMap<>(EventFormat.class);
        for (Path zip : zips) {
            expected += nonBlankJsonLines(zip);
            try (EventFileReader r = EventFileReader.open(zip)) {
                while (r.hasNext()) {
                    EventFileReader.Document d = r.next();
                    try {
                        Event e = d.parse(parser, EventFormat.AUTO);
                        formats.merge(e.format(), 1L, Long::sum);
                        assertEquals(EventKind.WINDOWS, e.kind(), d.where());
                        assertWindowsSystemFields(e, d.where());
                        if (e.field("Provider_Name").contains("Sysmon") && e.eventId() >= 12 && e.eventId() <= 14
                                && e.field("Message") != null && e.field("Message").contains("EventType:")) {
                            assertTrue(SYSMON_REGISTRY_TYPES.contains(e.field("EventType")),
                                    d.where() + " Sysmon EventType " + e.field("EventType"));
                            registryEvents++;
                        }
                        ok++;
                    } catch (EventRejectedException ex) {
                        assertTrue(d.origin().path().contains("!__MACOSX/"),
                                "only macOS resource forks may be rejected, got " + d.where() + ": " + ex.getMessage());
                        rejectedForks++;
                    }
                }
            }
        }
        assertEquals(expected, ok, "every non-blank line of every log file is an event");
        assertEquals(Map.of(EventFormat.FLAT_WINDOWS, ok), formats);
        assertTrue(registryEvents > 20_000, "Sysmon registry events checked: " + registryEvents);
        assertTrue(rejectedForks >= 7, "the 7 __MACOSX entries are real bad input and must be rejected");
    }

    /** The ML data's event objects (Mordor flat, ECS web, ECS e-mail) normalise to the right kind. */
    @Test
    void everyMlTrainingEventNormalisesToItsKind() throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, EventKind> kinds = Map.of("windows", EventKind.WINDOWS, "web", EventKind.WEB,
                "email", EventKind.EMAIL);
        for (var entry : kinds.entrySet()) {
            Path file = SharedData.path("ml/" + entry.getKey() + "/train.jsonl");
            int n = 0;
            try (BufferedReader in = Files.newBufferedReader(file)) {
                String line;
                while ((line = in.readLine()) != null) {
                    JsonNode wrapper = json.readTree(line);
                    byte[] event = json.writeValueAsBytes(wrapper.get("event"));
                    Event e = parseOrFail(parser, event, new EventOrigin.File(file.toString(), ++n));
                    assertEquals(entry.getValue(), e.kind(), file + ":" + n);
                    switch (e.kind()) {
                        case WINDOWS -> assertWindowsSystemFields(e, file + ":" + n);
                        case WEB -> {
                            assertTrue(e.field("cs-method") != null && e.field("c-uri") != null
                                    && e.field("cs-uri-stem") != null, file + ":" + n + " " + e.fields().keySet());
                        }
                        case EMAIL -> assertTrue(e.field("email.subject") != null || e.fields().containsKey(
                                "email.headers.Subject") || e.field("email.body_text") != null, file + ":" + n);
                        default -> { }
                    }
                }
            }
            assertTrue(n > 1000, file + " has events");
        }
    }

    private static void assertWindowsSystemFields(Event e, String where) {
        List<String> missing = new ArrayList<>();
        for (String f : List.of("EventID", "Channel", "Provider_Name", "Computer")) {
            if (e.field(f) == null) {
                missing.add(f);
            }
        }
        assertTrue(missing.isEmpty(), where + " lacks " + missing);
        assertTrue(e.eventId() >= 0, where + " EventID is a number");
    }

    private static long nonBlankJsonLines(Path zip) throws IOException {
        long n = 0;
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (var en : z.stream().filter(x -> !x.isDirectory() && !x.getName().startsWith("__MACOSX/")).toList()) {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(z.getInputStream(en),
                        StandardCharsets.UTF_8))) {
                    n += r.lines().filter(l -> !l.isBlank()).count();
                }
            }
        }
        return n;
    }

    private Event parseOrFail(EventFileReader.Document d) {
        try {
            return d.parse(parser, EventFormat.AUTO);
        } catch (EventRejectedException e) {
            throw new AssertionError(d.where() + " rejected: " + e.getMessage(), e);
        }
    }

    private static Event parseOrFail(EventParser parser, byte[] bytes, EventOrigin origin) {
        try {
            return parser.parse(bytes, origin);
        } catch (EventRejectedException e) {
            throw new AssertionError(origin.key() + " rejected: " + e.getMessage(), e);
        }
    }
}
