package io.centinela.event;

import com.fasterxml.jackson.databind.JsonNode;

/** Guesses an event's {@link EventFormat} from the keys it carries. */
final class FormatDetector {

    private FormatDetector() {
    }

    static EventFormat detect(JsonNode tree) {
        JsonNode event = tree.get("Event");
        if (event != null && event.isObject() && event.has("System")) {
            return EventFormat.EVTX_JSON;
        }
        JsonNode winlog = tree.get("winlog");
        if (winlog != null && winlog.isObject()) {
            // Winlogbeat 7+ ECS output carries both winlog.* and ECS fields; ECS wins when event.code is there.
            JsonNode ecsEvent = tree.get("event");
            return ecsEvent != null && ecsEvent.isObject() && ecsEvent.has("code")
                    ? EventFormat.ECS_WINDOWS : EventFormat.WINLOGBEAT;
        }
        if (tree.has("EventID") && (tree.has("SourceName") || tree.has("Channel") || tree.has("Hostname"))) {
            return EventFormat.FLAT_WINDOWS;
        }
        if (isObject(tree, "email")) {
            return EventFormat.ECS_EMAIL;
        }
        if (isObject(tree, "http") || isObject(tree, "url")) {
            return EventFormat.ECS_WEB;
        }
        return EventFormat.GENERIC;
    }

    private static boolean isObject(JsonNode tree, String key) {
        JsonNode n = tree.get(key);
        return n != null && n.isObject();
    }
}
