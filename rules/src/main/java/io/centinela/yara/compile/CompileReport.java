package io.centinela.yara.compile;

import io.centinela.yara.CompiledRules;

import java.util.List;

/**
 * The outcome of compiling a rule set: the rules of every source that compiled, all errors and warnings (file,
 * line, message), and the sources left out because of their errors.
 */
public record CompileReport(CompiledRules rules, List<CompileDiagnostic> diagnostics, List<String> rejected,
                            int sourceCount) {
    public CompileReport {
        diagnostics = List.copyOf(diagnostics);
        rejected = List.copyOf(rejected);
    }

    public List<CompileDiagnostic> errors() {
        return diagnostics.stream().filter(CompileDiagnostic::isError).toList();
    }

    public List<CompileDiagnostic> warnings() {
        return diagnostics.stream().filter(d -> !d.isError()).toList();
    }
}
