package io.centinela.cli;

import io.centinela.sigma.compile.Placeholders;
import io.centinela.sigma.load.LoadOptions;
import io.centinela.sigma.load.ParsedRuleCache;
import io.centinela.sigma.logsource.LogSourceMapping;
import io.centinela.sigma.parse.SigmaSyntaxException;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Options shared by the sigma subcommands: a user log-source mapping, placeholder values, the parsed-rule cache. */
final class SigmaLoadOptions {

    @Option(names = "--mapping", paramLabel = "FILE",
            description = "Extra log-source mapping YAML; its entries replace built-in ones with the same match.")
    Path mapping;

    @Option(names = "--placeholders", paramLabel = "FILE",
            description = "Values for %%name%% placeholders of the 'expand' modifier (YAML: placeholders: {name: [values]}).")
    Path placeholders;

    @Option(names = "--rule-cache", paramLabel = "DIR",
            description = "Keep parsed rule files in a cache in DIR (keyed by each file's SHA-256): a second run with "
                    + "unchanged rules skips YAML parsing.")
    Path ruleCache;

    /** The parsed-rule cache for these roots, or null without {@code --rule-cache}. */
    ParsedRuleCache cache(List<Path> roots) {
        return ruleCache == null ? null : ParsedRuleCache.forRoots(ruleCache, roots);
    }

    LoadOptions toOptions() throws IOException {
        try {
            LogSourceMapping m = LogSourceMapping.builtIn();
            if (mapping != null) {
                m = m.withOverrides(LogSourceMapping.load(mapping));
            }
            Placeholders p = placeholders == null ? Placeholders.NONE : Placeholders.load(placeholders);
            return new LoadOptions(m, p);
        } catch (SigmaSyntaxException e) {
            throw new IOException((mapping != null ? mapping : placeholders) + ":" + e.line() + ": " + e.reason(), e);
        }
    }
}
