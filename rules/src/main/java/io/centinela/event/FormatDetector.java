package io.centinela.event;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Set;

/**
 * Guesses an event's {@link EventFormat} from the keys it carries. Order matters: the most specific shapes are
 * tried first, and GENERIC is the fallback (never a rejection).
 */
final class FormatDetector {

    /** Top-level keys that mark a flat Windows event (NXLog / Mordor / flat Sigma-named JSON) next to EventID. */
    private static final Set<String> FLAT_WINDOWS_KEYS = Set.of("SourceName", "Channel", "Hostname", "Computer",
            "Provider_Name", "Image", "CommandLine", "ScriptBlockText", "TargetFilename", "TargetObject",
            "NewProcessName", "ProcessGuid");

    private FormatDetector() {
    }

    static EventFormat detect(JsonNode tree) {
        JsonNode event = tree.get("Event");
        if (event != null && event.isObject() && event.has("System")) {
            return EventFormat.EVTX_JSON;
        }
        JsonNode winlog = tree.get("winlog");
        if (winlog != null && winlog.isObject()) {
            // Winlogbeat always writes event.code; the ECS processors (Sysmon/Security modules) add process.*,
            // file.*, registry.*, dns.* and move fields out of winlog.event_data.
            return isObject(tree, "process") || isObject(tree, "file") || isObject(tree, "registry")
                    || isObject(tree, "dns") ? EventFormat.ECS_WINDOWS : EventFormat.WINLOGBEAT;
        }
        // Elastic Agent / ECS without winlog.*: a Windows event code from a Windows host or provider.
        JsonNode ecsEvent = tree.get("event");
        if (ecsEvent != null && ecsEvent.isObject() && ecsEvent.has("code")) {
            String os = JsonValues.at(tree, "host.os.type").asText(JsonValues.at(tree, "host.os.family").asText(""));
            if (os.equalsIgnoreCase("windows") || ecsEvent.path("provider").asText("").startsWith("Microsoft-Windows")) {
                return EventFormat.ECS_WINDOWS;
            }
        }
        if (tree.has("EventID")) {
            for (String key : FLAT_WINDOWS_KEYS) {
                if (tree.has(key)) {
                    return EventFormat.FLAT_WINDOWS;
                }
            }
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
