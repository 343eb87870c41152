package io.centinela.event;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Canonical rendering of field values, so the same Windows event gives the same strings whichever collector
 * shipped it (evtx_dump, Winlogbeat, NXLog). Applied after mapping; documented in docs/events.md.
 *
 * <ul>
 *   <li>All values: CRLF and lone CR become LF; trailing whitespace is removed (leading is kept).</li>
 *   <li>All values: a whole-value GUID becomes {@code {UPPER-CASE}} with braces (evtx_dump drops the braces,
 *       Sysmon renders lower case; Windows' own StringFromGUID2 form is upper case with braces).</li>
 *   <li>Windows: whole-value hex numbers in access-mask / LUID / status fields lose zero padding and become
 *       lower case ({@code 0x001FFFFF} -> {@code 0x1fffff}), the form SigmaHQ rules use. {@code Details} and
 *       other free text are left alone (registry DWORDs are written {@code DWORD (0x00000001)} in rules).</li>
 *   <li>Windows: well-known channel names get their canonical case ({@code security} -> {@code Security}).</li>
 * </ul>
 * Empty strings stay empty and absent fields stay absent: Sigma distinguishes {@code ''} from {@code null}.
 */
final class Renderings {

    private static final Pattern GUID = Pattern.compile(
            "\\{?[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}}?");
    private static final Pattern HEX = Pattern.compile("0[xX]([0-9A-Fa-f]+)");
    private static final Pattern LEADING_ZEROS = Pattern.compile("^0+(?=.)");

    /** Fields whose values are hex numbers rendered with or without padding depending on the collector. */
    static final Set<String> HEX_FIELDS = Set.of(
            "GrantedAccess", "AccessMask", "LogonId", "SubjectLogonId", "TargetLogonId", "TargetLinkedLogonId",
            "Status", "SubStatus", "FailureCode", "ErrorCode", "ServiceType", "TicketEncryptionType",
            "TicketOptions", "CallerProcessId", "NewProcessId");

    private static final Map<String, String> CHANNELS = Map.of(
            "security", "Security",
            "system", "System",
            "application", "Application",
            "windows powershell", "Windows PowerShell",
            "microsoft-windows-sysmon/operational", "Microsoft-Windows-Sysmon/Operational",
            "microsoft-windows-powershell/operational", "Microsoft-Windows-PowerShell/Operational",
            "forwardedevents", "ForwardedEvents");

    private Renderings() {
    }

    /**
     * Sigma names EventData items without their spaces (Defender "Threat Name" -> ThreatName, "Source Name" ->
     * SourceName): adds the space-free name beside the original unless the event already has that name.
     */
    static void addSpaceFreeNames(Map<String, Object> fields) {
        java.util.List<Map.Entry<String, Object>> spaced = null;
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            if (e.getKey().indexOf(' ') >= 0) {
                if (spaced == null) {
                    spaced = new ArrayList<>();
                }
                spaced.add(e);
            }
        }
        if (spaced != null) {
            for (Map.Entry<String, Object> e : spaced) {
                fields.putIfAbsent(e.getKey().replace(" ", ""), e.getValue());
            }
        }
    }

    /** Rewrites every value of {@code fields} in place. */
    @SuppressWarnings("unchecked")
    static void canonicalize(Map<String, Object> fields, boolean windows) {
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            String name = e.getKey();
            Object v = e.getValue();
            if (v instanceof String s) {
                String c = value(name, s, windows);
                if (c != s) {
                    e.setValue(c);
                }
            } else if (v instanceof List<?> list) {
                List<String> out = null;
                for (int i = 0; i < list.size(); i++) {
                    String s = (String) list.get(i);
                    String c = value(name, s, windows);
                    if (c != s && out == null) {
                        out = new ArrayList<>((List<String>) list);
                    }
                    if (out != null) {
                        out.set(i, c);
                    }
                }
                if (out != null) {
                    e.setValue(Collections.unmodifiableList(out));
                }
            }
        }
    }

    /** One value; returns the same instance when nothing changes (the common case, kept allocation-free). */
    static String value(String field, String s, boolean windows) {
        String r = s;
        if (r.indexOf('\r') >= 0) {
            r = r.replace("\r\n", "\n").replace('\r', '\n');
        }
        int end = r.length();
        while (end > 0 && Character.isWhitespace(r.charAt(end - 1))) {
            end--;
        }
        if (end < r.length()) {
            r = r.substring(0, end);
        }
        int len = r.length();
        if ((len == 36 || len == 38) && GUID.matcher(r).matches()) {
            String bare = len == 38 ? r.substring(1, 37) : r;
            if (len == 36 || r.charAt(0) == '{') {
                String canon = "{" + bare.toUpperCase(Locale.ROOT) + "}";
                return canon.equals(s) ? s : canon;
            }
        }
        if (windows) {
            if (HEX_FIELDS.contains(field) && len > 2 && r.charAt(0) == '0') {
                var m = HEX.matcher(r);
                if (m.matches()) {
                    String digits = LEADING_ZEROS.matcher(m.group(1)).replaceFirst("").toLowerCase(Locale.ROOT);
                    r = "0x" + digits;
                }
            } else if (field.equals("Channel")) {
                String canon = CHANNELS.get(r.toLowerCase(Locale.ROOT));
                if (canon != null) {
                    r = canon;
                }
            }
        }
        return r.equals(s) ? s : r;
    }
}
