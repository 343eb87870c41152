package io.centinela.sigma.parse;

/** One YAML document of a rule file: a detection rule, a meta filter or a correlation rule. */
public sealed interface SigmaDocument permits SigmaRule, SigmaFilter, SigmaCorrelation {

    /** The document's {@code id} (may be null for filters and correlations without one). */
    String id();

    String title();

    /** Where it came from: file path and the document's first line. */
    String file();

    int line();
}
