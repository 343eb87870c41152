package io.centinela.sigma.eval;

/**
 * Which evaluation code a rule set is built with. {@link #REFERENCE} is the engine as it was before the speed
 * work of issue 16 (sparse automaton steps along failure chains, every regex run on every value, literals merged
 * pairwise at compile time); it stays callable so the differential test and {@code sigma bench} can compare the
 * current engine with it on the same events in the same process. Both must give identical matches.
 */
public enum EngineVersion {
    /** The pre-issue-16 evaluation path, kept as the oracle. */
    REFERENCE,
    /** The current engine (the default). */
    CURRENT
}
