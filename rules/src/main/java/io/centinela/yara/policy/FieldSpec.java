package io.centinela.yara.policy;

import java.util.Locale;
import java.util.Objects;

/**
 * One field the policy scans. {@code name} is looked up first among the event's normalised (Sigma) fields, then as
 * a path into the raw JSON: dotted keys, arrays walked element by element ({@code email.attachments.file.content}
 * reaches every attachment), literal dotted keys also found ({@code "http.request.body.content"} at top level).
 *
 * @param decoding how the value is turned into bytes before scanning
 * @param type     {@link TargetType#TEXT} is event text (import-free rules only); {@link TargetType#CONTENT} is file
 *                 content (also module rules whose magic bytes match)
 */
public record FieldSpec(String name, Decoding decoding, TargetType type) {

    public enum Decoding {
        /** UTF-8 bytes of the text. */
        NONE,
        /** Base64-decoded when the value is valid base64 (whitespace allowed); otherwise scanned as text. */
        BASE64
    }

    public enum TargetType { TEXT, CONTENT }

    public FieldSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(decoding, "decoding");
        Objects.requireNonNull(type, "type");
        if (name.isBlank()) {
            throw new IllegalArgumentException("YARA scan policy: empty field name");
        }
    }

    public static FieldSpec text(String name) {
        return new FieldSpec(name, Decoding.NONE, TargetType.TEXT);
    }

    /** File content carried as base64 (e-mail attachments). */
    public static FieldSpec base64Content(String name) {
        return new FieldSpec(name, Decoding.BASE64, TargetType.CONTENT);
    }

    /**
     * Parses a config entry: {@code name}, {@code name:content} or {@code name:base64} (base64 file content).
     */
    public static FieldSpec parse(String entry) {
        String e = entry.trim();
        int colon = e.lastIndexOf(':');
        if (colon > 0) {
            String mode = e.substring(colon + 1).toLowerCase(Locale.ROOT);
            String name = e.substring(0, colon);
            switch (mode) {
                case "text": return text(name);
                case "content": return new FieldSpec(name, Decoding.NONE, TargetType.CONTENT);
                case "base64": return base64Content(name);
                default:
                    throw new IllegalArgumentException("YARA scan policy: field '" + entry + "' has unknown mode '"
                            + mode + "'; use name, name:text, name:content or name:base64");
            }
        }
        return text(e);
    }
}
