package io.centinela.cli;

import io.centinela.config.CentinelaConfig;
import io.centinela.config.ConfigException;
import io.centinela.pipeline.EngineFactory;
import io.centinela.pipeline.RuleSettings;
import io.centinela.yara.YaraEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code centinela rules check --config centinela.yaml}: loads the Sigma and YARA rules exactly as {@code run}
 * would (same keys, same loaders), prints counts, every rejected file with line and reason, every compiler warning and every rule quarantined
 * for its measured cost, and exits non-zero
 * when the connector would refuse to start. Touches neither Kafka nor Splunk, and does not load the model.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Dry-run: load the configured Sigma and YARA rules, print counts and rejections.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the rules load (rejected files listed, the rest loaded)",
                "1:files were rejected and --fail-on-reject was given",
                "2:bad configuration, or the connector would refuse to start (strict YARA, missing folder)"})
public final class RulesCheckCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, required = true, description = "YAML config file (see docs/centinela.example.yaml).")
    Path config;

    @Option(names = "--fail-on-reject", description = "Exit 1 when any rule file is rejected, even if the rest load.")
    boolean failOnReject;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        RuleSettings settings;
        try {
            settings = RuleSettings.from(CentinelaConfig.load(config));
        } catch (ConfigException e) {
            System.err.println("centinela rules check: " + e.getMessage());
            return 2;
        }
        List<String> rejected = new ArrayList<>();
        try {
            EngineFactory.SigmaLoad sigma = EngineFactory.loadSigmaSet(settings);
            if (sigma == null) {
                out.println("sigma: not configured");
            } else {
                out.printf("sigma: %d rules loaded, %d files rejected (builtin: %s, folders: %s)%n",
                        sigma.rules().ruleCount(), sigma.rejected().size(), settings.sigmaBuiltin(), settings.sigmaDirs());
                sigma.rejected().forEach(r -> out.println("  " + r));
                rejected.addAll(sigma.rejected());
            }
            try (YaraEngine yara = EngineFactory.loadYara(settings)) {
                if (yara == null) {
                    out.println("yara: not configured");
                } else {
                    var gen = yara.rules();
                    out.printf("yara: %d rules loaded, %d files rejected, %d warnings, %d rules quarantined "
                                    + "(builtin: %s, folders: %s, strict: %s, rule cost bound: %d ms, rule set %s)%n",
                            gen.ruleCount(), gen.rejected().size(), gen.warnings().size(), gen.quarantined().size(),
                            settings.yara().bundledRules(), settings.yara().ruleDirs(), settings.yara().strict(),
                            settings.yara().ruleCostMaxMillis(), gen.describe());
                    gen.diagnostics().stream().filter(d -> d.isError()).forEach(d -> out.println("  " + d));
                    gen.warnings().forEach(d -> out.println("  " + d));
                    gen.quarantined().forEach(c -> out.println("  quarantined: " + c.describe()));
                    rejected.addAll(gen.rejected());
                }
            }
        } catch (ConfigException e) {
            System.err.println("centinela rules check: " + e.getMessage());
            return 2;
        }
        return failOnReject && !rejected.isEmpty() ? 1 : 0;
    }
}
