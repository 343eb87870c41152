package io.centinela.cli;

import picocli.CommandLine.Command;

/** {@code centinela rules}: tools for the rules the connector's config loads. */
@Command(name = "rules", description = "Rules configured in centinela.yaml: dry-run check.",
        mixinStandardHelpOptions = true, subcommands = {RulesCheckCommand.class})
public final class RulesCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
