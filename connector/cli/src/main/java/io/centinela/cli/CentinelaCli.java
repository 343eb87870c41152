package io.centinela.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.List;
import java.util.ServiceLoader;

/**
 * The {@code centinela} command line: the serving commands are listed here; tool commands (demo, train, eval,
 * bench) come from {@link CommandExtension}s on the class path. {@link #commandLine()} is the one place that
 * assembles it, for {@code main} and for tests alike.
 */
@Command(name = "centinela",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "SIEM threat analysis: Kafka -> Sigma + YARA + transformer classifier -> alerts -> Splunk HEC.",
        subcommands = {
                VersionCommand.class,
                RunCommand.class,
                NormalizeCommand.class,
                SigmaCommand.class,
                RulesCommand.class,
                ModelCommand.class,
                ScanCommand.class,
                io.centinela.cli.yara.YaraCommand.class,
                CommandLine.HelpCommand.class,
        })
public final class CentinelaCli implements Runnable {

    /** Commands that only the tools part of the distribution has: named in the error when it is absent. */
    static final List<String> TOOL_COMMANDS = List.of("demo", "train", "eval", "bench");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Show the Java stack trace of an error (also: CENTINELA_VERBOSE=1).")
    boolean verbose;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The whole command line: serving commands, every extension found, and the user-error handling. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new CentinelaCli());
        for (CommandExtension e : ServiceLoader.load(CommandExtension.class)) {
            e.register(cl);
        }
        UserErrors errors = new UserErrors();
        return cl.setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors);
    }

    public static void main(String[] args) {
        // The model stack must never reach the network: set before any DJL class loads.
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        System.exit(commandLine().execute(args));
    }
}
