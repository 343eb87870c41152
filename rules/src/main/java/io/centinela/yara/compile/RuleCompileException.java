package io.centinela.yara.compile;

import java.util.List;
import java.util.stream.Collectors;

/** A rule set was refused as a whole (strict mode, or nothing compiled); carries every diagnostic. */
public final class RuleCompileException extends RuntimeException {

    private final transient List<CompileDiagnostic> diagnostics;

    public RuleCompileException(String what, List<CompileDiagnostic> diagnostics) {
        super(what + ": " + diagnostics.stream().filter(CompileDiagnostic::isError).map(CompileDiagnostic::toString)
                .limit(20).collect(Collectors.joining("; ")));
        this.diagnostics = List.copyOf(diagnostics);
    }

    public List<CompileDiagnostic> diagnostics() {
        return diagnostics;
    }
}
