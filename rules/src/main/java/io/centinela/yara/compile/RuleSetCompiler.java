package io.centinela.yara.compile;

import io.centinela.yara.YaraLibrary;
import io.centinela.yara.nativ.StructLayout;

import java.util.ArrayList;
import java.util.List;

/**
 * Compiles many rule sources into one {@link io.centinela.yara.CompiledRules}. A source with errors is reported
 * (file, line, message) and left out while the others load; in strict mode the whole set is refused instead.
 *
 * <p>A libyara compiler cannot continue after an error, so on the (rare) failure the set is rebuilt in a fresh
 * compiler from the sources that compiled so far, without the bad one.
 */
public final class RuleSetCompiler {

    private final List<ExternalVariable> externals;
    private final boolean strict;
    private final StructLayout layout;

    /**
     * @param externals external variables declared (with their defaults) before any rule is added
     * @param strict    refuse the whole set when any source has an error
     */
    public RuleSetCompiler(List<ExternalVariable> externals, boolean strict) {
        this.externals = List.copyOf(externals);
        this.strict = strict;
        this.layout = YaraLibrary.require().layout();
    }

    public CompileReport compile(String name, List<RuleSource> sources) {
        List<CompileDiagnostic> diagnostics = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        List<RuleSource> good = new ArrayList<>(sources.size());
        NativeCompiler compiler = new NativeCompiler(externals, layout);
        try {
            for (RuleSource source : sources) {
                int mark = compiler.diagnostics().size();
                boolean ok = compiler.add(source);
                diagnostics.addAll(compiler.diagnostics().subList(mark, compiler.diagnostics().size()));
                if (ok) {
                    good.add(source);
                    continue;
                }
                rejected.add(source.origin());
                if (strict) {
                    throw new RuleCompileException("rule set " + name + " refused (strict mode)", diagnostics,
                            compiler.lastError());
                }
                compiler.close();
                compiler = rebuild(good);
            }
            return new CompileReport(compiler.rules(name), diagnostics, rejected, sources.size());
        } finally {
            compiler.close();
        }
    }

    private NativeCompiler rebuild(List<RuleSource> good) {
        NativeCompiler fresh = new NativeCompiler(externals, layout);
        for (RuleSource source : good) {
            if (!fresh.add(source)) {
                fresh.close();
                throw new RuleCompileException("rule source " + source.origin()
                        + " compiled before but not when rebuilding the set", fresh.diagnostics());
            }
        }
        return fresh;
    }
}
