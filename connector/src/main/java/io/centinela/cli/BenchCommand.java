package io.centinela.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code centinela bench <what>}: throughput benchmarks printing Markdown tables. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks (tables on stdout).",
        subcommands = {BenchModelCommand.class})
public final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
