package io.centinela.yara;

import io.centinela.yara.compile.ExternalVariable;
import io.centinela.yara.compile.RuleSetCompiler;
import io.centinela.yara.compile.RuleSource;

import java.util.List;

/** Compiles small rule texts for tests (strict: a typo in a test rule fails loudly). */
final class TestRules {

    private TestRules() {
    }

    static CompiledRules compile(String text, ExternalVariable... externals) {
        return new RuleSetCompiler(List.of(externals), true)
                .compile("test", List.of(RuleSource.ofText("test.yar", "test", text))).rules();
    }
}
