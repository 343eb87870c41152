package io.centinela.config;

import java.util.List;

/** A configuration that cannot start: every problem, each naming the key and the fix. */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(problems.size() == 1 ? "invalid configuration: " + problems.get(0)
                : "invalid configuration:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
