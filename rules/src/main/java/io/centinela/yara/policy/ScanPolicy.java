package io.centinela.yara.policy;

import io.centinela.event.Event;
import io.centinela.event.EventKind;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which parts of which events are scanned: per {@link EventKind} a list of {@link FieldSpec}s, plus fields the user
 * names for every kind. Immutable; {@link #targets(Event)} is thread-safe.
 */
public final class ScanPolicy {

    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/\\s]+={0,2}\\s*");

    private final Map<EventKind, List<FieldSpec>> perKind;
    private final List<FieldSpec> extra;

    public ScanPolicy(Map<EventKind, List<FieldSpec>> perKind, List<FieldSpec> extra) {
        Map<EventKind, List<FieldSpec>> copy = new EnumMap<>(EventKind.class);
        for (EventKind k : EventKind.values()) {
            copy.put(k, List.copyOf(perKind.getOrDefault(k, List.of())));
        }
        this.perKind = Map.copyOf(copy);
        this.extra = List.copyOf(extra);
    }

    // Process command lines and PowerShell text (Sigma names, then the ECS / Winlogbeat spellings).
    private static final List<FieldSpec> PROCESS = List.of(FieldSpec.text("CommandLine"),
            FieldSpec.text("ParentCommandLine"), FieldSpec.text("ScriptBlockText"), FieldSpec.text("Payload"),
            FieldSpec.text("ContextInfo"), FieldSpec.text("process.command_line"),
            FieldSpec.text("process.parent.command_line"), FieldSpec.text("powershell.file.script_block_text"));
    private static final List<FieldSpec> WEB = List.of(FieldSpec.text("url.original"), FieldSpec.text("c-uri"),
            FieldSpec.text("cs-uri-query"), FieldSpec.text("http.request.body.content"));
    private static final List<FieldSpec> EMAIL = List.of(FieldSpec.text("email.subject"),
            FieldSpec.text("email.body_text"), FieldSpec.text("email.body_html"),
            // Attachments: ECS has no content field; these are the shapes gateways emit when they carry content.
            FieldSpec.base64Content("email.attachments.file.content"),
            FieldSpec.base64Content("email.attachments.content"),
            FieldSpec.base64Content("email.attachments.content_b64"),
            FieldSpec.base64Content("attachment.content_b64"), FieldSpec.base64Content("attachments.content_b64"));
    private static final List<FieldSpec> LINUX = List.of(FieldSpec.text("CommandLine"),
            FieldSpec.text("process.command_line"), FieldSpec.text("message"));

    /** The defaults: see docs/yara.md. GENERIC events (shape not recognised) get every list. */
    public static ScanPolicy defaults() {
        Map<EventKind, List<FieldSpec>> m = new EnumMap<>(EventKind.class);
        m.put(EventKind.WINDOWS, PROCESS);
        m.put(EventKind.LINUX, LINUX);
        m.put(EventKind.WEB, WEB);
        m.put(EventKind.EMAIL, EMAIL);
        List<FieldSpec> all = Stream.of(PROCESS, LINUX, WEB, EMAIL).flatMap(List::stream).distinct().toList();
        m.put(EventKind.GENERIC, all);
        return new ScanPolicy(m, List.of());
    }

    /** A copy with {@code kind}'s fields replaced. */
    public ScanPolicy withFields(EventKind kind, List<FieldSpec> fields) {
        Map<EventKind, List<FieldSpec>> m = new EnumMap<>(perKind);
        m.put(kind, fields);
        return new ScanPolicy(m, extra);
    }

    /** A copy that also scans {@code fields} on every event kind. */
    public ScanPolicy withExtraFields(List<FieldSpec> fields) {
        List<FieldSpec> e = new ArrayList<>(extra);
        e.addAll(fields);
        return new ScanPolicy(perKind, e);
    }

    public List<FieldSpec> fields(EventKind kind) {
        return perKind.get(kind);
    }

    public List<FieldSpec> extraFields() {
        return extra;
    }

    /** The byte buffers to scan for {@code event}; identical text reached through two names is scanned once. */
    public List<ScanTarget> targets(Event event) {
        List<ScanTarget> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        addTargets(event, perKind.get(event.kind()), seen, out);
        addTargets(event, extra, seen, out);
        return out;
    }

    private static void addTargets(Event event, List<FieldSpec> specs, Set<String> seen, List<ScanTarget> out) {
        for (FieldSpec spec : specs) {
            List<String> values = event.values(spec.name());
            if (values.isEmpty()) {
                values = JsonPaths.values(event.raw(), spec.name());
            }
            for (int i = 0; i < values.size(); i++) {
                String v = values.get(i);
                if (v == null || v.isEmpty() || !seen.add(spec.type() + "\u0000" + v)) {
                    continue;
                }
                String field = values.size() > 1 ? spec.name() + "[" + i + "]" : spec.name();
                out.add(target(field, v, spec));
            }
        }
    }

    private static ScanTarget target(String field, String value, FieldSpec spec) {
        if (spec.decoding() == FieldSpec.Decoding.BASE64 && BASE64.matcher(value).matches()) {
            try {
                return new ScanTarget(field, Base64.getMimeDecoder().decode(value), spec.type());
            } catch (IllegalArgumentException notBase64) {
                // fall through: scan the text as it is
            }
        }
        return new ScanTarget(field, value.getBytes(StandardCharsets.UTF_8), spec.type());
    }
}
