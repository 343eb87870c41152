package io.centinela.event.evtx;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import javax.xml.stream.XMLStreamException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Windows event XML to the evtx_dump JSON shape, rule by rule. */
class EvtxXmlTest {

    private static final String XML = """
            <?xml version="1.0" encoding="utf-8"?>
            <Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">
              <System>
                <Provider Name="Microsoft-Windows-Security-Auditing" Guid="{54849625-5478-4994-A5BA-3E3B0328C30D}"/>
                <EventID Qualifiers="0">4648</EventID>
                <TimeCreated SystemTime="2026-07-17T14:18:34.072213500Z"/>
                <Correlation/>
                <Channel>Security</Channel>
              </System>
              <EventData>
                <Data Name="SubjectUserName">alice &amp; bob</Data>
                <Data Name="ProcessId">0x0000000000000378</Data>
                <Data Name="Keywords">0x8000000000000000</Data>
                <Data Name="Empty"></Data>
                <Data Name="Blank"> </Data>
                <Data Name="LogonGuid">{00000000-0000-0000-0000-000000000000}</Data>
                <Data Name="Text">a {54849625-5478-4994-A5BA-3E3B0328C30D} inside</Data>
              </EventData>
              <UserData><Log><Entry>one</Entry><Entry>two</Entry></Log></UserData>
            </Event>
            """;

    @Test
    void shapesTheRecordAsEvtxDumpDoes() throws Exception {
        JsonNode e = EvtxXml.toJson(XML).path("Event");
        assertEquals("http://schemas.microsoft.com/win/2004/08/events/event", e.path("#attributes").path("xmlns").asText());
        JsonNode sys = e.path("System");
        assertEquals("54849625-5478-4994-A5BA-3E3B0328C30D", sys.path("Provider").path("#attributes").path("Guid").asText(),
                "a GUID value loses its braces");
        assertEquals("4648", sys.path("EventID").path("#text").asText(), "text beside attributes goes to #text");
        assertEquals("0", sys.path("EventID").path("#attributes").path("Qualifiers").asText());
        assertEquals("2026-07-17T14:18:34.072213Z", sys.path("TimeCreated").path("#attributes").path("SystemTime").asText());
        assertTrue(sys.path("Correlation").isNull(), "an empty element is null");
        assertEquals("Security", sys.path("Channel").asText());
        JsonNode data = e.path("EventData");
        assertEquals("alice & bob", data.path("SubjectUserName").asText());
        assertEquals("0x378", data.path("ProcessId").asText(), "a 64-bit hex value loses its zero padding");
        assertEquals("0x8000000000000000", data.path("Keywords").asText());
        assertTrue(data.path("Empty").isNull(), "an empty Data is null, as evtx_dump writes it");
        assertEquals(" ", data.path("Blank").asText(), "blanks inside a value are content");
        assertEquals("00000000-0000-0000-0000-000000000000", data.path("LogonGuid").asText());
        assertEquals("a {54849625-5478-4994-A5BA-3E3B0328C30D} inside", data.path("Text").asText(),
                "only a whole-value GUID is a GUID");
        assertEquals(2, e.path("UserData").path("Log").path("Entry").size(), "a repeated child becomes an array");
    }

    @Test
    void malformedXmlIsRefusedWithTheParsersReason() {
        assertThrows(XMLStreamException.class, () -> EvtxXml.toJson("<Event><System></Event>"));
        assertThrows(XMLStreamException.class, () -> EvtxXml.toJson(""));
    }

    @Test
    void noEntityOrDtdIsResolved() {
        String evil = "<?xml version=\"1.0\"?><!DOCTYPE e [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Event>&x;</Event>";
        assertThrows(XMLStreamException.class, () -> EvtxXml.toJson(evil));
    }
}
