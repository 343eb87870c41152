package io.centinela.event;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * ECS e-mail events ({@code email.*}). SigmaHQ has no e-mail rule set, so the ECS dotted names are the field
 * names ({@code email.from.address}, {@code email.subject}, {@code email.attachments.file.name} as a list over
 * all attachments, {@code email.headers.Reply-To}, ...). Two short names are added for rules and CIM mapping:
 * {@code sender} (first From address) and {@code recipient} (all To addresses).
 */
final class EcsEmailMapper implements FieldMapper {

    @Override
    public void map(JsonNode tree, Map<String, Object> out) {
        JsonValues.flatten("", tree, out);
        JsonNode from = JsonValues.at(tree, "email.from.address");
        // Some gateways put the display name first in the address list: take the first value with an '@'.
        String sender = null;
        if (from.isArray()) {
            for (JsonNode a : from) {
                String s = JsonValues.scalar(a);
                if (s != null && s.contains("@")) {
                    sender = s;
                    break;
                }
            }
        } else {
            sender = JsonValues.scalar(from);
        }
        if (sender != null) {
            out.putIfAbsent("sender", sender);
        }
        JsonValues.put(out, "recipient", JsonValues.at(tree, "email.to.address"));
    }

    @Override
    public EventKind kind(JsonNode tree, Map<String, Object> fields) {
        return EventKind.EMAIL;
    }
}
