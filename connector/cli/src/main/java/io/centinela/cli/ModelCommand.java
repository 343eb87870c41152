package io.centinela.cli;

import picocli.CommandLine.Command;

/** {@code centinela model}: put packages live in a live-model location, roll back, compare a shadow run. */
@Command(name = "model", description = "Live model packages: promote, rollback, compare a shadow period.",
        mixinStandardHelpOptions = true,
        subcommands = {ModelPromoteCommand.class, ModelRollbackCommand.class, ModelCompareCommand.class})
public final class ModelCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
