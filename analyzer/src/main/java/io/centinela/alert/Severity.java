package io.centinela.alert;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** CIM severity, from Sigma levels 1:1. {@link #id()} is the CIM {@code severity_id}. */
public enum Severity {
    INFORMATIONAL(1), LOW(2), MEDIUM(3), HIGH(4), CRITICAL(5);

    private final int id;

    Severity(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }

    @JsonValue
    public String cimName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a CIM severity or Sigma level ("informational", "low", ...); unknown text gives MEDIUM. */
    @JsonCreator
    public static Severity parse(String text) {
        if (text == null) {
            return MEDIUM;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "informational", "info" -> INFORMATIONAL;
            case "low" -> LOW;
            case "medium" -> MEDIUM;
            case "high" -> HIGH;
            case "critical" -> CRITICAL;
            default -> MEDIUM;
        };
    }

    public Severity max(Severity other) {
        return other != null && other.id > id ? other : this;
    }
}
