package io.centinela.yara.compile;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An external variable: declared with a default at compile time, set per scanner. {@code value} is a
 * {@link Long}, {@link Boolean}, {@link Double} or {@link String}.
 */
public record ExternalVariable(String name, Object value) {

    // Compiled once: scanners build a variable per scan (event_type), so String.matches was a hot spot.
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern DECIMAL = Pattern.compile("-?\\d+\\.\\d+");

    public ExternalVariable {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("external variable name '" + name + "' is not a YARA identifier");
        }
        if (value instanceof Integer i) {
            value = i.longValue();
        } else if (value instanceof Float f) {
            value = f.doubleValue();
        }
        if (!(value instanceof Long || value instanceof Boolean || value instanceof Double || value instanceof String)) {
            throw new IllegalArgumentException("external variable '" + name + "' must be an integer, boolean, float or"
                    + " string, not " + value.getClass().getSimpleName());
        }
    }

    public static ExternalVariable of(String name, Object value) {
        return new ExternalVariable(name, value);
    }

    /** Parses {@code name=value} as given on a command line: true/false, an integer, a float, else a string. */
    public static ExternalVariable parse(String assignment) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("external variable '" + assignment + "' must be name=value");
        }
        String name = assignment.substring(0, eq).trim();
        String text = assignment.substring(eq + 1);
        if (text.equals("true") || text.equals("false")) {
            return new ExternalVariable(name, Boolean.parseBoolean(text));
        }
        try {
            return new ExternalVariable(name, Long.parseLong(text));
        } catch (NumberFormatException notLong) {
            try {
                if (DECIMAL.matcher(text).matches()) {
                    return new ExternalVariable(name, Double.parseDouble(text));
                }
            } catch (NumberFormatException notDouble) {
                // a string then
            }
        }
        return new ExternalVariable(name, text);
    }
}
