package io.centinela.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.centinela.event.Event;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Renders an event into the compact text the classifier reads: a kind word, then the fields that carry the
 * signal in a fixed order as {@code name: value} parts joined by {@code " | "}, most important first (the
 * tokenizer truncates the tail). Values are masked by {@link TextMasker} and cut per field.
 *
 * <p>Left out on purpose (shortcuts, not threat signal): timestamps, host and user names, process ids, GUIDs,
 * e-mail Date / Message-ID / X-Mailer / content type, web headers (one client and host in the training data).
 * Deterministic and thread-safe. See docs/model.md.
 */
public final class EventText {

    /** Hard cap on the rendered text; the model sees at most 64-128 tokens anyway. */
    public static final int MAX_CHARS = 1200;

    /** The rendered text split into named parts, so attribution can drop one part at a time. */
    public record Rendered(String kind, List<Part> parts) {
        public String text() {
            return join(kind, parts, -1);
        }

        /** The data domain the rendering belongs to: email, web, windows or generic (per-domain thresholds). */
        public String domain() {
            return domainOfKind(kind);
        }

        /** The text without part {@code i}. */
        public String without(int i) {
            return join(kind, parts, i);
        }

        private static String join(String kind, List<Part> parts, int skip) {
            StringBuilder sb = new StringBuilder(kind);
            for (int i = 0; i < parts.size(); i++) {
                if (i == skip) {
                    continue;
                }
                Part p = parts.get(i);
                sb.append(" | ").append(p.label()).append(": ").append(p.value());
            }
            return TextMasker.cut(sb.toString(), MAX_CHARS);
        }
    }

    /** One field of the rendering: its label in the text, the event field it came from, its masked value. */
    public record Part(String label, String field, String value) {
    }

    private EventText() {
    }

    public static String text(Event event) {
        return render(event).text();
    }

    /** The text in a given rendering version (the one of the package that scores it). */
    public static String text(Event event, TextRendering rendering) {
        return render(event, rendering).text();
    }

    /** The domain (email, web, windows, generic) of a rendered text, from its kind word (before the first " | "). */
    public static String domainOfText(String text) {
        int i = text.indexOf(" | ");
        return domainOfKind(i < 0 ? text : text.substring(0, i));
    }

    private static String domainOfKind(String kind) {
        return switch (kind) {
            case "email" -> "email";
            case "web" -> "web";
            case "event" -> "generic";
            default -> "windows";
        };
    }

    /** Renders in {@link TextRendering#V1} (packages that predate versioned rendering). */
    public static Rendered render(Event event) {
        return render(event.raw(), event, TextRendering.V1);
    }

    public static Rendered render(Event event, TextRendering rendering) {
        return render(event.raw(), event, rendering);
    }

    /** Renders from the raw JSON (and the normalised fields when present) in {@link TextRendering#V1}. */
    public static Rendered render(JsonNode raw, Event event) {
        return render(raw, event, TextRendering.V1);
    }

    /** Renders from the raw JSON (and the normalised fields when present). */
    public static Rendered render(JsonNode raw, Event event, TextRendering rendering) {
        if (raw.has("email") && raw.get("email").isObject()) {
            return email(raw.get("email"), rendering);
        }
        if ((raw.has("http") && raw.get("http").isObject()) || (raw.has("url") && raw.get("url").isObject())) {
            return web(raw, rendering);
        }
        String eid = str(raw, "EventID");
        if (eid.isEmpty() && event != null) {
            eid = nz(event.field("EventID"));
        }
        if (!eid.isEmpty()) {
            return windows(raw, event, eid, rendering);
        }
        return generic(raw, rendering);
    }

    // ---------------------------------------------------------------- Windows

    private static Rendered windows(JsonNode raw, Event event, String eid, TextRendering rendering) {
        Parts p = new Parts(raw, event, rendering);
        String kind;
        switch (eid) {
            case "1", "4688" -> {
                kind = "process start";
                p.add("image", 120, "Image", "NewProcessName");
                p.add("cmd", 400, "CommandLine");
                p.add("parent", 120, "ParentImage", "ParentProcessName");
                String pcmd = first(raw, event, "ParentCommandLine");
                String pimg = first(raw, event, "ParentImage", "ParentProcessName");
                if (!stripQuotes(pcmd).equalsIgnoreCase(pimg)) {
                    p.addValue("parent cmd", "ParentCommandLine", 200, pcmd);
                }
                p.add("integrity", 20, "IntegrityLevel", "MandatoryLabel");
            }
            case "4104" -> {
                kind = "powershell script";
                p.add("script", 800, "ScriptBlockText");
                p.add("path", 160, "Path");
            }
            case "4103" -> {
                kind = "powershell pipeline";
                p.addValue("host", "ContextInfo", 200, contextLine(first(raw, event, "ContextInfo"), "Host Application"));
                p.addValue("payload", "Payload", 300, compactPayload(first(raw, event, "Payload")));
                p.addValue("script", "ContextInfo", 120, contextLine(first(raw, event, "ContextInfo"), "Script Name"));
            }
            case "3" -> {
                kind = "network connection";
                p.add("image", 160, "Image");
                p.add("dst", 80, "DestinationHostname");
                p.addValue("dst addr", "DestinationIp", 60, joinNonEmpty(":", first(raw, event, "DestinationIp"),
                        first(raw, event, "DestinationPort")));
                p.add("protocol", 10, "Protocol");
                p.add("initiated", 10, "Initiated");
            }
            case "11" -> {
                kind = "file create";
                p.add("image", 160, "Image");
                p.add("file", 300, "TargetFilename");
            }
            case "12", "13", "14" -> {
                kind = "registry " + switch (eid) {
                    case "12" -> "key";
                    case "13" -> "value set";
                    default -> "rename";
                };
                p.add("image", 120, "Image");
                p.add("key", 200, "TargetObject");
                p.add("details", 120, "Details");
            }
            default -> {
                kind = "windows event " + eid;
                p.add("channel", 60, "Channel");
                p.add("image", 160, "Image", "NewProcessName", "ProcessName");
                p.add("cmd", 400, "CommandLine");
                p.add("target", 200, "TargetFilename", "TargetObject", "ObjectName", "ServiceName", "ServiceFileName");
                p.add("message", 300, "Message");
            }
        }
        return new Rendered(kind, p.parts);
    }

    private static final java.util.regex.Pattern PS_BINDING =
            java.util.regex.Pattern.compile("(CommandInvocation|ParameterBinding)\\(([^)]*)\\): ");

    /** 4103 payloads repeat the cmdlet name on every line; keep the cmdlet once and the bound values. */
    static String compactPayload(String payload) {
        return PS_BINDING.matcher(payload).replaceAll("").replace("name=", "").replace("value=", "=");
    }

    private static String stripQuotes(String s) {
        String t = s.trim();
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
    }

    private static String contextLine(String ctx, String key) {
        if (ctx.isEmpty()) {
            return "";
        }
        for (String line : ctx.split("\\r?\\n")) {
            String t = line.trim();
            if (t.startsWith(key)) {
                int eq = t.indexOf('=');
                return eq < 0 ? "" : t.substring(eq + 1).trim();
            }
        }
        return "";
    }

    // ---------------------------------------------------------------- web

    private static Rendered web(JsonNode raw, TextRendering rendering) {
        Parts p = new Parts(raw, null, rendering);
        JsonNode req = raw.path("http").path("request");
        String method = text(req.path("method"));
        String path = text(raw.path("url").path("path"));
        String query = text(raw.path("url").path("query"));
        if (path.isEmpty()) {
            path = text(raw.path("url").path("original"));
        }
        String body = text(req.path("body").path("content"));
        boolean v2 = rendering == TextRendering.V2;
        p.addNormalized("req", "url.path", 200, (method + " " + (v2 ? TextNormalizer.url(path) : urlDecode(path))).trim());
        p.addNormalized("q", "url.query", 400, v2 ? TextNormalizer.parameters(query) : urlDecode(query));
        p.addNormalized("body", "http.request.body.content", 400, v2 ? TextNormalizer.parameters(body) : urlDecode(body));
        return new Rendered("web", p.parts);
    }

    /** Decodes %xx and '+' once; malformed escapes are left as they are. */
    static String urlDecode(String s) {
        if (s.isEmpty() || (s.indexOf('%') < 0 && s.indexOf('+') < 0)) {
            return s;
        }
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    // ---------------------------------------------------------------- e-mail

    private static Rendered email(JsonNode email, TextRendering rendering) {
        Parts p = new Parts(email, null, rendering);
        p.addValue("subject", "email.subject", 150, text(email.path("subject")));
        p.addValue("from", "email.from.address", 100, addresses(email.path("from").path("address")));
        String replyTo = addresses(email.path("reply_to").path("address"));
        p.addValue("reply-to", "email.reply_to.address", 80, replyTo);
        p.addValue("urls", "email.urls", 120, urlHosts(email.path("urls")));
        p.addValue("attachments", "email.attachments", 100, attachments(email.path("attachments")));
        p.addValue("body", "email.body_text", 300, text(email.path("body_text")));
        return new Rendered("email", p.parts);
    }

    private static String addresses(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(x -> out.add(text(x)));
        } else {
            out.add(text(n));
        }
        return String.join(" ", out).trim();
    }

    /** Host names of the links (paths are mostly tracking noise), deduplicated, in order. */
    private static String urlHosts(JsonNode urls) {
        if (!urls.isArray()) {
            return "";
        }
        java.util.LinkedHashSet<String> hosts = new java.util.LinkedHashSet<>();
        for (JsonNode u : urls) {
            String s = u.isObject() ? text(u.path("original")).isEmpty() ? text(u.path("domain")) : text(u.path("original")) : text(u);
            String h = s.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "");
            int cut = indexOfAny(h, "/?#");
            hosts.add((cut < 0 ? h : h.substring(0, cut)).toLowerCase(Locale.ROOT));
            if (hosts.size() >= 5) {
                break;
            }
        }
        return String.join(" ", hosts);
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static String attachments(JsonNode atts) {
        if (!atts.isArray()) {
            return "";
        }
        List<String> out = new ArrayList<>();
        for (JsonNode a : atts) {
            String name = text(a.path("file").path("name"));
            if (name.isEmpty()) {
                name = text(a.path("name"));
            }
            String type = text(a.path("file").path("mime_type"));
            if (type.isEmpty()) {
                type = text(a.path("content_type"));
            }
            out.add((name + " " + type).trim());
        }
        return String.join(", ", out);
    }

    // ---------------------------------------------------------------- generic

    private static final Set<String> GENERIC_SKIP = Set.of("@timestamp", "timestamp", "time", "date", "id", "_id",
            "host", "hostname", "pid", "uid", "gid");

    private static Rendered generic(JsonNode raw, TextRendering rendering) {
        Parts p = new Parts(raw, null, rendering);
        List<String[]> flat = new ArrayList<>();
        flatten("", raw, flat, 0);
        for (String[] kv : flat) {
            String leaf = kv[0].substring(kv[0].lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
            if (!GENERIC_SKIP.contains(leaf)) {
                p.addValue(kv[0], kv[0], 200, kv[1]);
            }
        }
        return new Rendered("event", p.parts);
    }

    private static void flatten(String prefix, JsonNode n, List<String[]> out, int depth) {
        if (out.size() >= 40 || depth > 8) {
            return;
        }
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out, depth + 1);
            }
        } else if (n.isArray()) {
            List<String> vals = new ArrayList<>();
            for (JsonNode x : n) {
                if (x.isValueNode()) {
                    vals.add(x.asText());
                } else {
                    flatten(prefix, x, out, depth + 1);
                }
            }
            if (!vals.isEmpty()) {
                out.add(new String[]{prefix, String.join(" ", vals)});
            }
        } else if (!n.isNull()) {
            out.add(new String[]{prefix, n.asText()});
        }
    }

    // ---------------------------------------------------------------- helpers

    private static String text(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? "" : n.isValueNode() ? n.asText() : n.toString();
    }

    private static String str(JsonNode raw, String key) {
        return text(raw.get(key));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String first(JsonNode raw, Event event, String... keys) {
        for (String k : keys) {
            String v = str(raw, k);
            if (v.isEmpty() && event != null) {
                v = nz(event.field(k));
            }
            if (!v.isEmpty()) {
                return v;
            }
        }
        return "";
    }

    private static String joinNonEmpty(String sep, String a, String b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isEmpty() ? a : a + sep + b;
    }

    /** Command-line parts: normalised as cmd.exe reads them in V2 (carets, empty quotes). */
    private static final Set<String> COMMAND_LABELS = Set.of("cmd", "parent cmd");

    /** Collects normalised (V2), masked, cut, non-empty parts. */
    private static final class Parts {
        final JsonNode raw;
        final Event event;
        final TextRendering rendering;
        final List<Part> parts = new ArrayList<>();

        Parts(JsonNode raw, Event event, TextRendering rendering) {
            this.raw = raw;
            this.event = event;
            this.rendering = rendering;
        }

        void add(String label, int max, String... keys) {
            for (String k : keys) {
                String v = first(raw, event, k);
                if (!v.isEmpty()) {
                    addValue(label, k, max, v);
                    return;
                }
            }
        }

        void addValue(String label, String field, int max, String value) {
            if (rendering == TextRendering.V2) {
                String cut = TextMasker.cut(value, max * 8);
                value = COMMAND_LABELS.contains(label) ? TextNormalizer.command(cut) : TextNormalizer.text(cut);
            }
            addNormalized(label, field, max, value);
        }

        /** A value the caller has already normalised for this rendering. */
        void addNormalized(String label, String field, int max, String value) {
            String v = TextMasker.cut(TextMasker.mask(TextMasker.cut(value, max * 4)), max);
            if (!v.isEmpty()) {
                parts.add(new Part(label, field, v));
            }
        }
    }
}
