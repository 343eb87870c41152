package io.centinela.event;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class RenderingsTest {

    @Test
    void guidsGetBracesAndUpperCase() {
        String canon = "{B34BC01C-3031-5F69-6A01-000000000900}";
        assertEquals(canon, Renderings.value("ProcessGuid", "b34bc01c-3031-5f69-6a01-000000000900", true));
        assertEquals(canon, Renderings.value("ProcessGuid", "{b34bc01c-3031-5f69-6a01-000000000900}", true));
        assertSame(canon, Renderings.value("ProcessGuid", canon, true));
        // Only whole values: a registry path holding a CLSID is free text.
        String path = "HKCR\\CLSID\\{b34bc01c-3031-5f69-6a01-000000000900}\\InprocServer32";
        assertSame(path, Renderings.value("TargetObject", path, true));
    }

    @Test
    void hexLosesPaddingOnlyInHexFields() {
        assertEquals("0x1fffff", Renderings.value("GrantedAccess", "0x001FFFFF", true));
        assertEquals("0x0", Renderings.value("SubjectLogonId", "0x0000", true));
        assertEquals("0x3e7", Renderings.value("SubjectLogonId", "0x3E7", true));
        assertEquals("DWORD (0x00000001)", Renderings.value("Details", "DWORD (0x00000001)", true));
        assertEquals("0x00000001", Renderings.value("Details", "0x00000001", true));
        assertEquals("0x001FFFFF", Renderings.value("GrantedAccess", "0x001FFFFF", false), "windows only");
    }

    @Test
    void lineEndingsAndTrailingWhitespace() {
        assertEquals("a\nb\nc", Renderings.value("Payload", "a\r\nb\rc\r\n", true));
        assertEquals("  lead kept", Renderings.value("ContextInfo", "  lead kept \t ", true));
        assertEquals("", Renderings.value("CommandLine", "   ", true), "blank becomes empty, not absent");
        assertSame("", Renderings.value("Unused", "", true));
    }

    @Test
    void channelCase() {
        assertEquals("Security", Renderings.value("Channel", "security", true));
        assertEquals("Microsoft-Windows-Sysmon/Operational",
                Renderings.value("Channel", "microsoft-windows-sysmon/operational", true));
        assertEquals("Custom/Log", Renderings.value("Channel", "Custom/Log", true));
    }

    @Test
    void spaceFreeNamesBesideTheOriginals() {
        java.util.Map<String, Object> f = new java.util.LinkedHashMap<>();
        f.put("Threat Name", "Tool:Win32/EICAR_Test_File");
        f.put("Source Name", "Real-Time Protection");
        f.put("SourceName", "kept");
        Renderings.addSpaceFreeNames(f);
        assertEquals("Tool:Win32/EICAR_Test_File", f.get("ThreatName"));
        assertEquals("Tool:Win32/EICAR_Test_File", f.get("Threat Name"));
        assertEquals("kept", f.get("SourceName"), "an existing name is never replaced");
    }
}
