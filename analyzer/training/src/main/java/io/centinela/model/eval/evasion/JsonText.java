package io.centinela.model.eval.evasion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;
import java.util.function.UnaryOperator;

/** Edits of string fields of a raw event, shared by the evasions. */
final class JsonText {

    private JsonText() {
    }

    /** The string at a dotted path, or "" when absent or not a string. */
    static String get(JsonNode root, String path) {
        JsonNode n = root;
        for (String k : path.split("\\.")) {
            n = n == null ? null : n.get(k);
        }
        return n != null && n.isTextual() ? n.asText() : "";
    }

    /** Sets the string at a dotted path whose parent object exists. */
    static void set(ObjectNode root, String path, String value) {
        String[] ks = path.split("\\.");
        JsonNode n = root;
        for (int i = 0; i < ks.length - 1; i++) {
            n = n.get(ks[i]);
        }
        ((ObjectNode) n).put(ks[ks.length - 1], value);
    }

    private static final java.util.regex.Pattern ENTITY = java.util.regex.Pattern.compile("&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);");

    /**
     * Which characters belong to an HTML character reference already in the text ({@code &ccedil;}): mail bodies
     * carry them, and an evasion that edited inside one would change what the reader sees.
     */
    static boolean[] insideEntities(String s) {
        boolean[] in = new boolean[s.length()];
        java.util.regex.Matcher m = ENTITY.matcher(s);
        while (m.find()) {
            java.util.Arrays.fill(in, m.start(), m.end(), true);
        }
        return in;
    }

    /**
     * A copy of {@code event} with {@code edit} applied to each non-empty string field in {@code paths}; empty
     * when no field changed.
     */
    static Optional<ObjectNode> editFields(ObjectNode event, UnaryOperator<String> edit, String... paths) {
        ObjectNode copy = event.deepCopy();
        boolean changed = false;
        for (String p : paths) {
            String v = get(copy, p);
            if (!v.isEmpty()) {
                String nv = edit.apply(v);
                if (!nv.equals(v)) {
                    set(copy, p, nv);
                    changed = true;
                }
            }
        }
        return changed ? Optional.of(copy) : Optional.empty();
    }
}
