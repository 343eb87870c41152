package io.centinela.yara;

/** Where a scanner gets its rules: a fixed set or {@link ReloadableRules}. Checked before every scan. */
@FunctionalInterface
public interface RuleProvider {

    /** The rules new scans should use. */
    CompiledRules current();

    static RuleProvider of(CompiledRules rules) {
        return () -> rules;
    }
}
