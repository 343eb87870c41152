package io.centinela.cli;

import io.centinela.sigma.load.FileReport;
import io.centinela.sigma.load.LoadResult;
import io.centinela.sigma.load.RuleLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code centinela sigma check <dir>...}: load rules and report counts and every rejection. Exit 1 if any. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Load Sigma rule files/folders; print counts and each rejected document (file:line reason).")
public final class SigmaCheckCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Rule files or folders (searched recursively).")
    List<Path> paths;

    @Option(names = {"-l", "--list"}, description = "Also list every loaded document.")
    boolean verbose;

    @Mixin
    SigmaLoadOptions load = new SigmaLoadOptions();

    @Override
    public Integer call() throws Exception {
        Inputs.requireExisting("rule file or folder", paths);
        LoadResult r = new RuleLoader(load.toOptions(), load.cache(paths)).load(paths);
        Map<String, Integer> reasons = new TreeMap<>();
        for (FileReport f : r.reports()) {
            if (!f.loaded()) {
                System.out.println(f.describe());
                reasons.merge(f.reason().replaceAll("'[^']*'|%[^%]+%", "…"), 1, Integer::sum);
            } else if (verbose) {
                System.out.println(f.describe());
            }
        }
        long docs = r.reports().size();
        System.out.printf("%nrules loaded: %d, filters: %d, correlations: %d, rejected: %d of %d documents (%.2f%% loaded)%n",
                r.loadedCount("rule"), r.loadedCount("filter"), r.loadedCount("correlation"), r.rejected().size(), docs,
                docs == 0 ? 0.0 : 100.0 * (docs - r.rejected().size()) / docs);
        reasons.forEach((k, v) -> System.out.printf("  %5d x %s%n", v, k));
        return r.rejected().isEmpty() ? 0 : 1;
    }
}
