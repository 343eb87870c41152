package io.centinela.event.evtx;

import io.centinela.event.Event;
import io.centinela.event.EventFormat;
import io.centinela.event.EventParser;
import io.centinela.event.EventRejectedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The libevtx binding on real files: counts, XML, origins, and the errors of a wrong or missing file. */
class EvtxFileTest {

    private static Path regression(String relative) {
        Path p = Path.of(System.getProperty("centinela.shared", "../shared"), "data/sigma/regression_data", relative);
        assertTrue(Files.isRegularFile(p), "SigmaHQ regression data missing: " + p.toAbsolutePath());
        return p;
    }

    /** A SigmaHQ regression log of Sysmon records (file_event_win_susp_legitimate_app_dropping_script). */
    private static final String SYSMON = "rules/windows/file/file_event/file_event_win_susp_legitimate_app_dropping_script/"
            + "7d604714-e071-49ff-8726-edeb95a70679.evtx";

    @Test
    void readsEveryRecordAsXmlAndAsAnEvent() throws Exception {
        Path f = regression(SYSMON);
        try (EvtxFile file = EvtxFile.open(f)) {
            int n = file.recordCount();
            assertTrue(n >= 1, "records: " + n);
            assertTrue(file.recoveredCount() >= 0);
            String xml = file.xml(0, false);
            assertTrue(xml.contains("<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\">"), xml);
            assertTrue(xml.contains("<EventData>"), xml);
            assertThrows(EvtxFile.RecordException.class, () -> file.xml(n + 5, false), "an index past the end");
        }
        List<Event> events = new ArrayList<>();
        try (EvtxReader r = EvtxReader.open(f, true)) {
            while (r.hasNext()) {
                events.add(r.next().parse(new EventParser()));
            }
        }
        assertFalse(events.isEmpty());
        Event first = events.get(0);
        assertEquals(EventFormat.EVTX_JSON, first.format());
        assertEquals("file:" + f + ":1", first.origin().key());
        assertEquals("Microsoft-Windows-Sysmon/Operational", first.field("Channel"));
        assertTrue(first.field("EventID") != null && first.field("Image") != null, first.fields().toString());
    }

    @Test
    void aFileThatIsNotAnEventLogIsAnIoErrorNamingIt(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("x.evtx"), "ElfFile? no: plain text");
        IOException e = assertThrows(IOException.class, () -> EvtxFile.open(f));
        assertTrue(e.getMessage().startsWith(f + ": not a readable EVTX file (libevtx: "), e.getMessage());
        assertThrows(NoSuchFileException.class, () -> EvtxReader.open(dir.resolve("missing.evtx"), false));
    }

    @Test
    void aRecordThatCannotBeReadIsARejectionWithItsReason() {
        EvtxReader.Record broken = new EvtxReader.Record(new io.centinela.event.EventOrigin.File("a.evtx", 3), null,
                "libevtx cannot read record 2: bad chunk");
        EventRejectedException e = assertThrows(EventRejectedException.class, () -> broken.parse(new EventParser()));
        assertEquals(EventRejectedException.Reason.INVALID_RECORD, e.reason());
        assertEquals("a.evtx record 3", broken.where());
    }

    @Test
    void theLibraryAnswersWithItsVersion() {
        String v = EvtxLibrary.load();
        assertTrue(v.matches("\\d{8}"), "libevtx version: " + v);
    }
}
