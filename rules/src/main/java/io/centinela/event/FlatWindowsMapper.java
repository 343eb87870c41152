package io.centinela.event;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * NXLog / Mordor flat JSON: EventData fields at top level beside NXLog's own keys. Renames NXLog's system keys
 * to the names the evtx_dump mapper gives ({@code SourceName} -> {@code Provider_Name}, {@code Hostname} ->
 * {@code Computer}, {@code ProviderGuid} -> {@code Provider_Guid}, {@code RecordNumber} -> {@code EventRecordID},
 * {@code ExecutionProcessID} -> {@code ProcessID}), restores the Sysmon {@code EventType} that NXLog moved to
 * {@code EventTypeOrignal} (sic; NXLog's own EventType is INFO/AUDIT_SUCCESS), and writes a numeric
 * {@code Keywords} as the hex the XML view shows.
 */
final class FlatWindowsMapper implements FieldMapper {

    @Override
    public void map(JsonNode tree, Map<String, Object> out) {
        JsonNode original = tree.get("EventTypeOrignal");
        tree.fields().forEachRemaining(e -> {
            String key = switch (e.getKey()) {
                case "SourceName" -> "Provider_Name";
                case "Hostname" -> "Computer";
                case "ProviderGuid" -> "Provider_Guid";
                case "RecordNumber" -> "EventRecordID";
                case "ExecutionProcessID" -> "ProcessID";
                case "EventTypeOrignal" -> "EventType";
                case "EventType" -> original != null ? "NXLogEventType" : "EventType";
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
    }

    @Override
    public EventKind kind(JsonNode tree, Map<String, Object> fields) {
        return EventKind.WINDOWS;
    }
}
