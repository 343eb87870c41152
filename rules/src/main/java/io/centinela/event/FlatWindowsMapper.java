package io.centinela.event;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * NXLog / Mordor flat JSON: EventData fields at top level beside NXLog's own keys. Renames NXLog's system keys
 * to the names the evtx_dump mapper gives ({@code SourceName} -> {@code Provider_Name}, {@code Hostname} ->
 * {@code Computer}, {@code ProviderGuid} -> {@code Provider_Guid}, {@code RecordNumber} -> {@code EventRecordID},
 * {@code ExecutionProcessID} -> {@code ProcessID}) and writes a numeric {@code Keywords} as the hex the XML view
 * shows. NXLog's own {@code EventType} (INFO, AUDIT_SUCCESS, ...) collides with Sysmon's registry
 * {@code EventType} (CreateKey, SetValue, ...): Mordor's Logstash moved NXLog's to {@code EventTypeOrignal} (sic)
 * in some data sets and overwrote Sysmon's in others. NXLog's value ends up in {@code NXLogEventType}; for
 * Sysmon 12/13/14 a lost Sysmon value is recovered from the rendered {@code Message} ("EventType: SetValue").
 */
final class FlatWindowsMapper implements FieldMapper {

    @Override
    public void map(JsonNode tree, Map<String, Object> out) {
        tree.fields().forEachRemaining(e -> {
            String key = switch (e.getKey()) {
                case "SourceName" -> "Provider_Name";
                case "Hostname" -> "Computer";
                case "ProviderGuid" -> "Provider_Guid";
                case "RecordNumber" -> "EventRecordID";
                case "ExecutionProcessID" -> "ProcessID";
                case "EventTypeOrignal" -> "NXLogEventType";
                default -> e.getKey();
            };
            JsonNode v = e.getValue();
            if (key.equals("Keywords") && v.isIntegralNumber()) {
                out.put(key, "0x" + Long.toHexString(v.longValue()));
            } else if (v.isContainerNode()) {
                JsonValues.flatten(key, v, out);
            } else {
                JsonValues.put(out, key, v);
            }
        });
        recoverSysmonEventType(out);
    }

    private static final java.util.Set<String> NXLOG_LEVELS = java.util.Set.of("INFO", "AUDIT_SUCCESS",
            "AUDIT_FAILURE", "WARNING", "ERROR", "CRITICAL", "VERBOSE");
    private static final java.util.regex.Pattern MESSAGE_EVENT_TYPE =
            java.util.regex.Pattern.compile("(?m)^EventType: (\\w+)\\r?$");

    private static void recoverSysmonEventType(Map<String, Object> out) {
        Object id = out.get("EventID");
        if (!("12".equals(id) || "13".equals(id) || "14".equals(id))
                || !String.valueOf(out.get("Provider_Name")).contains("Sysmon")) {
            return;
        }
        Object type = out.get("EventType");
        if (type != null && !NXLOG_LEVELS.contains(String.valueOf(type))) {
            return;
        }
        if (type != null) {
            out.putIfAbsent("NXLogEventType", type);
            out.remove("EventType");
        }
        if (out.get("Message") instanceof String message) {
            var m = MESSAGE_EVENT_TYPE.matcher(message);
            if (m.find()) {
                out.put("EventType", m.group(1));
            }
        }
    }

    @Override
    public EventKind kind(JsonNode tree, Map<String, Object> fields) {
        return EventKind.WINDOWS;
    }
}
