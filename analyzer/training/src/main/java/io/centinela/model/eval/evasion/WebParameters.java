package io.centinela.model.eval.evasion;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Rewrites the parameters of a web event's query string and form body ({@code name=value&...}); keeps
 * {@code url.original} in step with the new query.
 */
final class WebParameters {

    static final String QUERY = "url.query";
    static final String BODY = "http.request.body.content";

    private WebParameters() {
    }

    /** Edits the query and the body as whole strings; empty when neither changed. */
    static Optional<ObjectNode> editStrings(ObjectNode event, UnaryOperator<String> edit) {
        Optional<ObjectNode> out = JsonText.editFields(event, edit, QUERY, BODY);
        out.ifPresent(o -> syncOriginal(event, o));
        return out;
    }

    /**
     * Edits each parameter value: {@code edit} gets the decoded value (what the application reads) and returns
     * the new raw (encoded) value, or null to keep the parameter as it was.
     */
    static Optional<ObjectNode> editValues(ObjectNode event, UnaryOperator<String> edit) {
        return editStrings(event, s -> {
            StringBuilder sb = new StringBuilder(s.length() * 2);
            String[] params = s.split("&", -1);
            for (int i = 0; i < params.length; i++) {
                if (i > 0) {
                    sb.append('&');
                }
                String p = params[i];
                int eq = p.indexOf('=');
                String nv = eq < 0 ? null : edit.apply(decode(p.substring(eq + 1)));
                sb.append(nv == null ? p : p.substring(0, eq + 1) + nv);
            }
            return sb.toString();
        });
    }

    static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void syncOriginal(ObjectNode before, ObjectNode after) {
        String original = JsonText.get(after, "url.original");
        String oldQuery = JsonText.get(before, QUERY);
        String newQuery = JsonText.get(after, QUERY);
        if (!original.isEmpty() && !oldQuery.isEmpty() && original.endsWith("?" + oldQuery)) {
            JsonText.set(after, "url.original",
                    original.substring(0, original.length() - oldQuery.length()) + newQuery);
        }
    }
}
