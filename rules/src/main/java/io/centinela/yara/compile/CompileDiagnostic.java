package io.centinela.yara.compile;

/**
 * A compiler error or warning. {@code file} is the rule file (or source name) it came from, {@code line} the line
 * in that file, {@code errorCode} libyara's ERROR_* code for errors (0 for warnings).
 */
public record CompileDiagnostic(Level level, String file, int line, String message, int errorCode) {

    public enum Level { ERROR, WARNING }

    public boolean isError() {
        return level == Level.ERROR;
    }

    @Override
    public String toString() {
        return file + ":" + line + ": " + level.name().toLowerCase(java.util.Locale.ROOT) + ": " + message;
    }
}
