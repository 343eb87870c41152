package io.centinela.cli;

import picocli.CommandLine;

/**
 * A module outside the serving class path that adds commands to {@code centinela} (found with
 * {@link java.util.ServiceLoader}). This keeps the CLI ignorant of the tools: {@code centinela-tools} registers
 * demo, train, eval and the benchmarks; a serving-only class path simply has none of them.
 */
public interface CommandExtension {

    /** Adds this module's subcommands to the root command line (and to its groups, e.g. {@code sigma}). */
    void register(CommandLine root);
}
