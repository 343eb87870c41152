package io.centinela.secret;

import java.util.Objects;

/**
 * A secret value (HEC token, SASL password). {@link #toString()} is masked so the value never reaches a log line,
 * an exception message or a config dump; call {@link #reveal()} only where the value is put on the wire.
 */
public final class Secret {

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    public String reveal() {
        return value;
    }

    public boolean isBlank() {
        return value.isBlank();
    }

    @Override
    public String toString() {
        return "[hidden]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
