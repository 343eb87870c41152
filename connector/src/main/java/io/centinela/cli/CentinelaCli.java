package io.centinela.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code centinela} command line. Each capability adds its own subcommand class and registers it here.
 */
@Command(name = "centinela",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "SIEM threat analysis: Kafka -> Sigma + YARA + transformer classifier -> alerts -> Splunk HEC.",
        subcommands = {
                VersionCommand.class,
                RunCommand.class,
                DemoCommand.class,
                BenchCommand.class,
                NormalizeCommand.class,
                SigmaCommand.class,
                RulesCommand.class,
                io.centinela.cli.yara.YaraCommand.class,
                TrainCommand.class,
                EvalCommand.class,
                BaselineCommand.class,
                CommandLine.HelpCommand.class,
        })
public final class CentinelaCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        // The model stack must never reach the network: set before any DJL class loads.
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        int code = new CommandLine(new CentinelaCli()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
        System.exit(code);
    }
}
