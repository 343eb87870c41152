package io.centinela.yara.compile;

/**
 * A compiler error or warning. {@code file} is the rule file (or source name) it came from, {@code line} the line
 * in that file, {@code errorCode} libyara's ERROR_* code for errors (0 for warnings), {@code rule} the rule being
 * compiled when libyara reported it (null outside a rule, e.g. a syntax error before the first rule name).
 */
public record CompileDiagnostic(Level level, String file, int line, String message, int errorCode, String rule) {

    public enum Level { ERROR, WARNING }

    public CompileDiagnostic(Level level, String file, int line, String message, int errorCode) {
        this(level, file, line, message, errorCode, null);
    }

    public boolean isError() {
        return level == Level.ERROR;
    }

    @Override
    public String toString() {
        // file:line: level: message, as compilers print it; the rule at the end so that the prefix stays greppable.
        return file + ":" + line + ": " + level.name().toLowerCase(java.util.Locale.ROOT) + ": " + message
                + (rule == null ? "" : " (rule " + rule + ")");
    }
}
