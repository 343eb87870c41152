package io.centinela.tools;

import io.centinela.cli.Inputs;
import io.centinela.bench.SigmaBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code centinela sigma bench}: all SigmaHQ active rules over the Windows logs on one thread; prints events/s,
 * ns/event, candidates per event and the compiled rule set's heap.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark: SigmaHQ rules over ../shared/data/windows-logs on one thread.")
public final class SigmaBenchCommand implements Callable<Integer> {

    @Option(names = "--shared", paramLabel = "DIR",
            description = "The shared data folder (default: -Dcentinela.shared, else <centinela home>/../shared).")
    Path shared;

    @Option(names = "--rules", paramLabel = "PATH", description = "Rule folders (default: the SigmaHQ active folders).")
    List<Path> rules;

    @Option(names = "--logs", paramLabel = "DIR", description = "Windows log archives (default: <shared>/data/windows-logs).")
    Path logs;

    @Option(names = "--max-events", defaultValue = "1000000", description = "Cap on events read (default: ${DEFAULT-VALUE}).")
    int maxEvents;

    @Option(names = "--rounds", defaultValue = "3", description = "Timed rounds after one warm-up round (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--scan", description = "Also time the whole 'sigma scan' path (read, parse, evaluate, output) on the same events.")
    boolean scan;

    @Option(names = "--rule-cache", paramLabel = "DIR",
            description = "Read and write the parsed-rule cache in DIR for the first load (run twice: cold, then cold with the cache).")
    Path ruleCache;

    @Override
    public Integer call() throws Exception {
        Inputs.requireExisting("shared data folder", shared);
        Inputs.requireExisting("rule folder", rules);
        Inputs.requireExisting("log folder", logs);
        Path base = shared != null ? shared
                : Path.of(System.getProperty("centinela.shared",
                        Path.of(System.getProperty("centinela.home", ".")).resolve("../shared").toString()));
        Path sigma = base.resolve("data/sigma");
        List<Path> ruleDirs = rules != null ? rules
                : List.of("rules", "rules-emerging-threats", "rules-threat-hunting", "rules-placeholder", "rules-compliance")
                        .stream().map(sigma::resolve).toList();
        Path logDir = logs != null ? logs : base.resolve("data/windows-logs");
        System.out.printf("java %s, %d CPUs visible, max heap %d MB, load average %.1f%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        SigmaBench.Result r = SigmaBench.run(ruleDirs, logDir, maxEvents, rounds, scan, ruleCache, System.out);
        SigmaBench.print(r, System.out);
        return 0;
    }
}
