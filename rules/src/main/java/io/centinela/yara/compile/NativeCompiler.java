package io.centinela.yara.compile;

import com.sun.jna.Memory;
import io.centinela.yara.CompiledRules;
import io.centinela.yara.nativ.LibYara;
import io.centinela.yara.nativ.NativeStrings;
import io.centinela.yara.nativ.StructLayout;
import io.centinela.yara.nativ.YaraErrors;

import java.util.ArrayList;
import java.util.List;

/**
 * One libyara compiler, used once. libyara asserts (aborting the process) when a compiler is used again after a
 * failed add or after its rules were taken, so this wrapper tracks that state and refuses instead.
 * {@code include} is disabled: rule text cannot read local files.
 */
public final class NativeCompiler implements AutoCloseable {

    private final StructLayout layout;
    private final List<CompileDiagnostic> diagnostics = new ArrayList<>();
    private final List<ExternalVariable> externals;
    // Strong reference: libyara keeps the function pointer while the compiler lives.
    private final LibYara.CompilerCallback callback;
    private long compiler;
    private String currentOrigin = "<none>";
    private boolean failed;
    private boolean rulesTaken;
    private int lastError;

    /** Low level: use {@link RuleSetCompiler}, which checks that libyara passed its self-test first. */
    public NativeCompiler(List<ExternalVariable> externals, StructLayout layout) {
        this.layout = layout;
        this.externals = List.copyOf(externals);
        try (Memory out = new Memory(8)) {
            out.setLong(0, 0);
            int rc = LibYara.yr_compiler_create(NativeStrings.address(out));
            if (rc != LibYara.ERROR_SUCCESS) {
                throw new IllegalStateException("yr_compiler_create failed with error " + rc);
            }
            compiler = out.getLong(0);
        }
        callback = this::onDiagnostic;
        LibYara.yr_compiler_set_callback(compiler, callback, 0);
        LibYara.yr_compiler_set_include_callback(compiler, 0, 0, 0);
        try {
            for (ExternalVariable v : this.externals) {
                define(v);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void define(ExternalVariable v) {
        try (Memory id = NativeStrings.cString(v.name())) {
            long idp = NativeStrings.address(id);
            int rc;
            if (v.value() instanceof Long l) {
                rc = LibYara.yr_compiler_define_integer_variable(compiler, idp, l);
            } else if (v.value() instanceof Boolean b) {
                rc = LibYara.yr_compiler_define_boolean_variable(compiler, idp, b ? 1 : 0);
            } else if (v.value() instanceof Double d) {
                rc = LibYara.yr_compiler_define_float_variable(compiler, idp, d);
            } else {
                try (Memory s = NativeStrings.cString((String) v.value())) {
                    rc = LibYara.yr_compiler_define_string_variable(compiler, idp, NativeStrings.address(s));
                }
            }
            if (rc != LibYara.ERROR_SUCCESS) {
                throw new IllegalArgumentException("cannot declare external variable '" + v.name()
                        + "' (libyara error " + rc + "; declared twice?)");
            }
        }
    }

    /** Adds one source; false (with its errors in {@link #diagnostics()}) when it does not compile. */
    public boolean add(RuleSource source) {
        if (failed || rulesTaken || compiler == 0) {
            throw new IllegalStateException("a libyara compiler cannot be reused after an error or get_rules");
        }
        currentOrigin = source.origin();
        int errors;
        try (Memory text = NativeStrings.cString(source.text()); Memory ns = NativeStrings.cString(source.namespace())) {
            errors = LibYara.yr_compiler_add_string(compiler, NativeStrings.address(text), NativeStrings.address(ns));
        }
        if (errors > 0) {
            failed = true;
            // The final YR_COMPILER.last_error: what libyara's own tests compare (a later error may replace the first).
            lastError = new com.sun.jna.Pointer(compiler).getInt(layout.compilerLastError());
        }
        return errors == 0;
    }

    /** libyara's ERROR_* code of the failed add (0 while nothing failed). */
    public int lastError() {
        return lastError;
    }

    public boolean failed() {
        return failed;
    }

    public List<CompileDiagnostic> diagnostics() {
        return diagnostics;
    }

    /** Takes the compiled rules; the compiler cannot be used afterwards. */
    public CompiledRules rules(String name) {
        if (failed || rulesTaken || compiler == 0) {
            throw new IllegalStateException("no rules: the compiler failed or its rules were already taken");
        }
        rulesTaken = true;
        try (Memory out = new Memory(8); Memory stats = new Memory(4096)) {
            out.setLong(0, 0);
            int rc = LibYara.yr_compiler_get_rules(compiler, NativeStrings.address(out));
            if (rc != LibYara.ERROR_SUCCESS) {
                throw new IllegalStateException("yr_compiler_get_rules failed with error " + rc);
            }
            long rules = out.getLong(0);
            stats.clear();
            int count = LibYara.yr_rules_get_stats(rules, NativeStrings.address(stats)) == LibYara.ERROR_SUCCESS
                    ? stats.getInt(0) : -1;
            return new CompiledRules(rules, name, count, externals);
        }
    }

    private void onDiagnostic(int level, long fileName, int line, long rule, long message, long userData) {
        // Never let anything escape into native code.
        try {
            String text = NativeStrings.read(message);
            String file = fileName != 0 ? NativeStrings.read(fileName) : currentOrigin;
            boolean error = level == LibYara.COMPILER_ERROR;
            int code = error ? new com.sun.jna.Pointer(compiler).getInt(layout.compilerLastError()) : 0;
            if (text == null || text.isBlank()) {
                // libyara leaves some messages empty (ERROR_INVALID_OPERAND): name the code instead.
                text = error ? YaraErrors.name(code) : "(no message)";
            }
            // The YR_RULE being compiled (libyara passes its arena slot; its identifier is already written).
            String ruleName = rule != 0 ? NativeStrings.read(new com.sun.jna.Pointer(rule).getLong(layout.ruleIdentifier()))
                    : null;
            diagnostics.add(new CompileDiagnostic(error ? CompileDiagnostic.Level.ERROR : CompileDiagnostic.Level.WARNING,
                    file, line, text, code, ruleName));
        } catch (Throwable t) {
            diagnostics.add(new CompileDiagnostic(CompileDiagnostic.Level.ERROR, currentOrigin, line,
                    "could not read compiler message: " + t, 0));
        }
    }

    @Override
    public void close() {
        if (compiler != 0) {
            LibYara.yr_compiler_destroy(compiler);
            compiler = 0;
        }
    }
}
