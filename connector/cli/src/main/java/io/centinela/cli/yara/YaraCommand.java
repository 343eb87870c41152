package io.centinela.cli.yara;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code centinela yara ...}: scan files or events with YARA rules, and benchmark the binding. */
@Command(name = "yara", mixinStandardHelpOptions = true,
        description = "YARA scanning through libyara (libyara.so.9): scan files/events, benchmark the binding.",
        subcommands = {YaraScanCommand.class, CommandLine.HelpCommand.class})
public final class YaraCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
