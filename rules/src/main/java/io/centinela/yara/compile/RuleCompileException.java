package io.centinela.yara.compile;

import java.util.List;
import java.util.stream.Collectors;

/** A rule set was refused as a whole (strict mode, or nothing compiled); carries every diagnostic. */
public final class RuleCompileException extends RuntimeException {

    private final transient List<CompileDiagnostic> diagnostics;
    private final int errorCode;

    public RuleCompileException(String what, List<CompileDiagnostic> diagnostics) {
        this(what, diagnostics, 0);
    }

    /** @param errorCode libyara's final ERROR_* code of the failed source (0 when unknown) */
    public RuleCompileException(String what, List<CompileDiagnostic> diagnostics, int errorCode) {
        super(what + ": " + diagnostics.stream().filter(CompileDiagnostic::isError).map(CompileDiagnostic::toString)
                .limit(20).collect(Collectors.joining("; ")));
        this.diagnostics = List.copyOf(diagnostics);
        this.errorCode = errorCode;
    }

    public int errorCode() {
        return errorCode;
    }

    public List<CompileDiagnostic> diagnostics() {
        return diagnostics;
    }
}
