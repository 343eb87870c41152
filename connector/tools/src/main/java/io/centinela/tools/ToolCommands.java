package io.centinela.tools;

import io.centinela.cli.CommandExtension;
import io.centinela.tools.yara.YaraBenchCommand;
import picocli.CommandLine;

/** Plugs the tool commands into the CLI: {@code demo}, {@code train}, {@code eval}, {@code bench ...},
 *  {@code feedback pull}, {@code sigma bench} and {@code yara bench}. */
public final class ToolCommands implements CommandExtension {

    @Override
    public void register(CommandLine root) {
        root.addSubcommand(new CommandLine(new DemoCommand()));
        root.addSubcommand(new CommandLine(new TrainCommand()));
        root.addSubcommand(new CommandLine(new EvalCommand()));
        root.addSubcommand(new CommandLine(new BenchCommand()));
        root.addSubcommand(new CommandLine(new BaselineCommand()));
        root.addSubcommand(new CommandLine(new io.centinela.feedback.FeedbackCommand()));
        root.getSubcommands().get("sigma").addSubcommand(new CommandLine(new SigmaBenchCommand()));
        root.getSubcommands().get("yara").addSubcommand(new CommandLine(new YaraBenchCommand()));
    }
}
