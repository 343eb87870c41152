package io.centinela.cli;

import picocli.CommandLine.Command;

/** {@code centinela sigma}: the Sigma rule engine's tools. */
@Command(name = "sigma", description = "Sigma rules: check, scan events, benchmark.",
        mixinStandardHelpOptions = true,
        subcommands = {SigmaCheckCommand.class, SigmaScanCommand.class})
public final class SigmaCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
