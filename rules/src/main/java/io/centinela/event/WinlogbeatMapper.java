package io.centinela.event;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * Winlogbeat output, raw ({@code winlog.event_data.*}) and ECS ({@code event.code}, {@code process.*},
 * {@code file.*}, ...). Order of precedence: {@code winlog.event_data} (the collector's copy of the XML
 * EventData), then the reverse of pySigma's {@code ecs_windows} mapping for fields the ECS processors moved out
 * of event_data, then every ECS leaf under its dotted name (so ECS-named rules and the model still see them).
 * The reverse mapping is lossy where ECS merged fields: {@code file.path} is TargetFilename for file events and
 * ImageLoaded for image loads; {@code network.direction} cannot give back Sysmon's Initiated.
 */
final class WinlogbeatMapper implements FieldMapper {

    /** Sigma name <- ECS path, for every event (first present wins, existing fields are never replaced). */
    private static final String[][] ECS_TO_SIGMA = {
            {"EventID", "event.code"},
            {"Channel", "winlog.channel"},
            {"Provider_Name", "winlog.provider_name"},
            {"Provider_Name", "event.provider"},
            {"Provider_Guid", "winlog.provider_guid"},
            {"Computer", "winlog.computer_name"},
            {"Computer", "host.hostname"},
            {"Computer", "host.name"},
            {"EventRecordID", "winlog.record_id"},
            {"Task", "winlog.task"},
            {"Opcode", "winlog.opcode"},
            {"Version", "winlog.version"},
            {"ProcessID", "winlog.process.pid"},
            {"ThreadID", "winlog.process.thread.id"},
            {"UserID", "winlog.user.identifier"},
            {"Image", "process.executable"},
            {"CommandLine", "process.command_line"},
            {"ProcessId", "process.pid"},
            {"ProcessGuid", "process.entity_id"},
            {"CurrentDirectory", "process.working_directory"},
            {"OriginalFileName", "process.pe.original_file_name"},
            {"Description", "process.pe.description"},
            {"Product", "process.pe.product"},
            {"Company", "process.pe.company"},
            {"FileVersion", "process.pe.file_version"},
            {"ParentImage", "process.parent.executable"},
            {"ParentCommandLine", "process.parent.command_line"},
            {"ParentProcessId", "process.parent.pid"},
            {"ParentProcessGuid", "process.parent.entity_id"},
            {"User", "user.name"},
            {"TargetObject", "registry.path"},
            {"QueryName", "dns.question.name"},
            {"SourceIp", "source.ip"},
            {"SourceHostname", "source.domain"},
            {"SourcePort", "source.port"},
            {"DestinationIp", "destination.ip"},
            {"DestinationHostname", "destination.domain"},
            {"DestinationPort", "destination.port"},
            {"Protocol", "network.transport"},
            {"ScriptBlockText", "powershell.file.script_block_text"},
            {"ScriptBlockId", "powershell.file.script_block_id"},
    };

    @Override
    public void map(JsonNode tree, Map<String, Object> out) {
        JsonNode winlog = tree.path("winlog");
        JsonNode data = winlog.path("event_data");
        if (data.isObject()) {
            data.fields().forEachRemaining(e -> EvtxJsonMapper.putDataValue(out, e.getKey(), e.getValue()));
        }
        JsonNode userData = winlog.path("user_data");
        if (userData.isObject()) {
            userData.fields().forEachRemaining(e -> {
                if (!e.getKey().startsWith("xml")) {
                    EvtxJsonMapper.putDataValue(out, e.getKey(), e.getValue());
                }
            });
        }
        putIfAbsent(out, "EventID", winlog.path("event_id"));
        for (String[] m : ECS_TO_SIGMA) {
            putIfAbsent(out, m[0], JsonValues.at(tree, m[1]));
        }
        if (!out.containsKey("User")) {
            JsonNode domain = JsonValues.at(tree, "winlog.user.domain");
            JsonNode name = JsonValues.at(tree, "winlog.user.name");
            if (name.isTextual() && domain.isTextual()) {
                out.put("User", domain.textValue() + "\\" + name.textValue());
            }
        }
        byEventId(tree, out);
        JsonNode hashes = JsonValues.at(tree, "process.hash");
        if (!out.containsKey("Hashes") && hashes.isObject()) {
            StringBuilder sb = new StringBuilder();
            hashes.fields().forEachRemaining(e -> {
                if (e.getValue().isTextual()) {
                    sb.append(sb.isEmpty() ? "" : ",").append(e.getKey().toUpperCase(java.util.Locale.ROOT))
                            .append('=').append(e.getValue().textValue().toUpperCase(java.util.Locale.ROOT));
                }
            });
            if (!sb.isEmpty()) {
                out.put("Hashes", sb.toString());
            }
        }
        // Every other leaf keeps its ECS name (winlog.* included) for ECS-named rules, the model and CIM fields.
        // winlog.event_data / user_data are already there under their own names: not copied twice.
        tree.fields().forEachRemaining(e -> {
            Map<String, Object> ecs = new java.util.LinkedHashMap<>();
            JsonValues.flatten(e.getKey(), e.getValue(), ecs);
            ecs.forEach((k, v) -> {
                if (!k.startsWith("winlog.event_data.") && !k.startsWith("winlog.user_data.")) {
                    JsonValues.putIfAbsent(out, k, v);
                }
            });
        });
    }

    /** Reverse mappings that depend on the kind of event (the same ECS field feeds different Sigma names). */
    private static void byEventId(JsonNode tree, Map<String, Object> out) {
        String id = String.valueOf(out.get("EventID"));
        JsonNode filePath = JsonValues.at(tree, "file.path");
        switch (id) {
            case "6", "7" -> putIfAbsent(out, "ImageLoaded", filePath);
            case "2", "11", "15", "23", "26", "29" -> putIfAbsent(out, "TargetFilename", filePath);
            case "17", "18" -> putIfAbsent(out, "PipeName", JsonValues.at(tree, "file.name"));
            case "8", "10" -> {
                putIfAbsent(out, "SourceImage", JsonValues.at(tree, "process.executable"));
                putIfAbsent(out, "SourceProcessId", JsonValues.at(tree, "process.pid"));
                putIfAbsent(out, "SourceProcessGuid", JsonValues.at(tree, "process.entity_id"));
            }
            case "4688" -> {
                putIfAbsent(out, "NewProcessName", JsonValues.at(tree, "process.executable"));
                putIfAbsent(out, "ParentProcessName", JsonValues.at(tree, "process.parent.executable"));
                putIfAbsent(out, "ParentProcessName", JsonValues.at(tree, "process.parent.name"));
            }
            default -> { }
        }
    }

    private static void putIfAbsent(Map<String, Object> out, String name, JsonNode node) {
        if (!out.containsKey(name)) {
            JsonValues.put(out, name, node);
        }
    }

    @Override
    public EventKind kind(JsonNode tree, Map<String, Object> fields) {
        return EventKind.WINDOWS;
    }
}
