package io.centinela.event;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * evtx_dump / python-evtx JSON (SigmaHQ regression data): {@code Event.System.*} and {@code Event.EventData.*}
 * (or {@code Event.UserData.<x>.*}). Attributes sit under {@code #attributes}, element text under {@code #text}.
 */
final class EvtxJsonMapper implements FieldMapper {

    @Override
    public void map(JsonNode tree, Map<String, Object> out) {
        JsonNode event = tree.path("Event");
        JsonNode system = event.path("System");
        JsonValues.put(out, "EventID", textOf(system.path("EventID")));
        JsonNode provider = system.path("Provider").path("#attributes");
        JsonValues.put(out, "Provider_Name", provider.path("Name"));
        JsonValues.put(out, "Provider_Guid", provider.path("Guid"));
        JsonValues.put(out, "Channel", textOf(system.path("Channel")));
        JsonValues.put(out, "Computer", textOf(system.path("Computer")));
        JsonValues.put(out, "Version", textOf(system.path("Version")));
        JsonValues.put(out, "Level", textOf(system.path("Level")));
        JsonValues.put(out, "Opcode", textOf(system.path("Opcode")));
        JsonValues.put(out, "Task", textOf(system.path("Task")));
        JsonValues.put(out, "Keywords", textOf(system.path("Keywords")));
        JsonValues.put(out, "TimeCreated", system.path("TimeCreated").path("#attributes").path("SystemTime"));
        JsonValues.put(out, "EventRecordID", textOf(system.path("EventRecordID")));
        JsonNode security = system.path("Security").path("#attributes");
        JsonValues.put(out, "UserID", security.path("UserID"));
        JsonNode execution = system.path("Execution").path("#attributes");
        JsonValues.put(out, "ProcessID", execution.path("ProcessID"));
        JsonValues.put(out, "ThreadID", execution.path("ThreadID"));

        putData(event.path("EventData"), out);
        JsonNode userData = event.path("UserData");
        if (userData.isObject()) {
            userData.fields().forEachRemaining(e -> putData(e.getValue(), out));
        }
    }

    private static void putData(JsonNode data, Map<String, Object> out) {
        if (!data.isObject()) {
            return;
        }
        data.fields().forEachRemaining(e -> {
            if (!e.getKey().startsWith("#")) {
                putDataValue(out, e.getKey(), textOf(e.getValue()));
            }
        });
    }

    /**
     * An EventData element: evtx_dump writes an empty {@code <Data Name="X"/>} as null, but the element exists
     * in the XML view Sigma rules are written against, so it becomes {@code ""} (present and empty).
     */
    static void putDataValue(Map<String, Object> out, String name, JsonNode value) {
        if (value.isNull()) {
            out.put(name, "");
        } else if (value.isObject()) {
            JsonValues.flatten(name, value, out);
        } else {
            JsonValues.put(out, name, value);
        }
    }

    /** Element text: the node itself, or its {@code #text} when it also carries attributes. */
    static JsonNode textOf(JsonNode node) {
        if (node.isObject() && node.has("#text")) {
            return node.get("#text");
        }
        return node;
    }

    @Override
    public EventKind kind(JsonNode tree, Map<String, Object> fields) {
        return EventKind.WINDOWS;
    }
}
