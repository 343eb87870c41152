package io.centinela.event;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;
import java.util.Map;

/**
 * ECS web / proxy events ({@code http.*}, {@code url.*}, {@code user_agent.*}, {@code source.*},
 * {@code destination.*}). Every ECS leaf keeps its dotted name; the W3C/IIS names that SigmaHQ's
 * {@code webserver} and {@code proxy} rules use are added beside them:
 *
 * <pre>
 * cs-method            http.request.method
 * cs-uri-query         url.query (no leading '?')        also c-uri-query
 * cs-uri-stem          url.path                          also c-uri-stem
 * cs-uri               url.path + '?' + url.query
 * c-uri                url.original, else url.full, else cs-uri
 * c-uri-extension      url.extension, else from url.path
 * c-useragent          user_agent.original, else the User-Agent header   also cs-user-agent
 * cs-host              the Host header, else url.domain, else destination.domain   also r-dns (url.domain)
 * cs-referer           http.request.referrer, else the Referer header     also cs-referrer
 * cs-cookie            the Cookie header
 * cs-content-type      http.request.mime_type, else the Content-Type header
 * cs-version           http.version (as HTTP/x.y)
 * sc-status            http.response.status_code
 * cs-bytes / sc-bytes  http.request.bytes / http.response.bytes
 * c-ip / src_ip        source.ip, else client.ip
 * s-ip / dst_ip        destination.ip, else server.ip
 * s-port               destination.port, else url.port
 * cs-username          user.name
 * </pre>
 * URL-encoded text is left encoded (rules carry both forms where it matters).
 */
final class EcsWebMapper implements FieldMapper {

    @Override
    public void map(JsonNode tree, Map<String, Object> out) {
        JsonValues.flatten("", tree, out);
        JsonNode headers = JsonValues.at(tree, "http.request.headers");
        first(out, "cs-method", tree, "http.request.method");
        String query = text(tree, "url.query");
        if (query != null && query.startsWith("?")) {
            query = query.substring(1);
        }
        put(out, "cs-uri-query", query);
        put(out, "c-uri-query", query);
        String path = text(tree, "url.path");
        put(out, "cs-uri-stem", path);
        put(out, "c-uri-stem", path);
        String csUri = path == null ? null : (query == null || query.isEmpty() ? path : path + "?" + query);
        put(out, "cs-uri", csUri);
        String cUri = firstText(tree, "url.original", "url.full");
        put(out, "c-uri", cUri != null ? cUri : csUri);
        String ext = text(tree, "url.extension");
        if (ext == null && path != null) {
            int slash = path.lastIndexOf('/');
            int dot = path.lastIndexOf('.');
            ext = dot > slash && dot < path.length() - 1 ? path.substring(dot + 1) : null;
        }
        put(out, "c-uri-extension", ext);
        String ua = firstText(tree, "user_agent.original");
        if (ua == null) {
            ua = header(headers, "User-Agent");
        }
        put(out, "c-useragent", ua);
        put(out, "cs-user-agent", ua);
        String host = header(headers, "Host");
        if (host == null) {
            host = firstText(tree, "url.domain", "destination.domain");
        }
        put(out, "cs-host", host);
        put(out, "r-dns", firstText(tree, "url.domain", "destination.domain"));
        String referer = firstText(tree, "http.request.referrer");
        if (referer == null) {
            referer = header(headers, "Referer");
        }
        put(out, "cs-referer", referer);
        put(out, "cs-referrer", referer);
        put(out, "cs-cookie", header(headers, "Cookie"));
        String ctype = firstText(tree, "http.request.mime_type");
        put(out, "cs-content-type", ctype != null ? ctype : header(headers, "Content-Type"));
        String version = text(tree, "http.version");
        put(out, "cs-version", version == null ? null : version.startsWith("HTTP") ? version : "HTTP/" + version);
        put(out, "sc-status", text(tree, "http.response.status_code"));
        put(out, "cs-bytes", firstText(tree, "http.request.bytes"));
        put(out, "sc-bytes", firstText(tree, "http.response.bytes"));
        String src = firstText(tree, "source.ip", "client.ip", "source.address");
        put(out, "c-ip", src);
        put(out, "src_ip", src);
        String dst = firstText(tree, "destination.ip", "server.ip");
        put(out, "s-ip", dst);
        put(out, "dst_ip", dst);
        put(out, "s-port", firstText(tree, "destination.port", "url.port"));
        put(out, "cs-username", firstText(tree, "user.name", "url.username"));
    }

    private static void first(Map<String, Object> out, String name, JsonNode tree, String path) {
        put(out, name, text(tree, path));
    }

    private static void put(Map<String, Object> out, String name, String value) {
        if (value != null) {
            out.putIfAbsent(name, value);
        }
    }

    static String text(JsonNode tree, String path) {
        return JsonValues.scalar(JsonValues.at(tree, path));
    }

    static String firstText(JsonNode tree, String... paths) {
        for (String p : paths) {
            String s = text(tree, p);
            if (s != null) {
                return s;
            }
        }
        return null;
    }

    /** A request header by case-insensitive name. */
    private static String header(JsonNode headers, String name) {
        if (!headers.isObject()) {
            return null;
        }
        var it = headers.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (e.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                JsonNode v = e.getValue();
                return v.isArray() && !v.isEmpty() ? JsonValues.scalar(v.get(0)) : JsonValues.scalar(v);
            }
        }
        return null;
    }

    @Override
    public EventKind kind(JsonNode tree, Map<String, Object> fields) {
        return EventKind.WEB;
    }
}
