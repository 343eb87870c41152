package io.centinela.cli;

import io.centinela.event.EventFileReader;
import io.centinela.event.EventParser;
import io.centinela.sigma.correlation.CorrelationEngine;
import io.centinela.sigma.correlation.CorrelationOptions;
import io.centinela.sigma.correlation.CorrelationScan;
import io.centinela.sigma.load.LoadResult;
import io.centinela.sigma.load.RuleLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code centinela sigma scan --rules <dir> <events file>}: every match as one JSON line on stdout, then a
 * summary table (rules by hits) on stderr. Events: JSON lines or concatenated JSON objects (also .gz / .zip),
 * read with the foundation's {@link EventFileReader}. Correlation rules are evaluated in event time by
 * {@link CorrelationScan} (lines with {@code correlation_id}); base matches of rules that only feed correlations
 * with {@code generate: false} are not printed on their own.
 */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = "Run Sigma rules over an events file (JSON lines or concatenated JSON); matches as JSON lines.")
public final class SigmaScanCommand implements Callable<Integer> {

    @Option(names = "--rules", required = true, paramLabel = "PATH", description = "Rule files or folders (repeatable).")
    List<Path> rules;

    @Parameters(index = "0", paramLabel = "EVENTS", description = "Events file.")
    Path events;

    @Mixin
    SigmaLoadOptions load = new SigmaLoadOptions();

    @Option(names = "--correlation-grace", defaultValue = "300", paramLabel = "SECONDS",
            description = "How far out of event-time order a file may be for correlation rules (default: ${DEFAULT-VALUE}).")
    long graceSeconds;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads that parse and evaluate (default: one per CPU; 1: all on one thread); output stays in file order.")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        Inputs.requireExisting("rule file or folder", rules);
        Inputs.requireExisting("events file", events);
        PrintStream err = System.err;
        LoadResult r = new RuleLoader(load.toOptions(), load.cache(rules)).load(rules);
        err.printf("rules: %d loaded, %d rejected (run 'centinela sigma check' for reasons)%n",
                r.ruleSet().ruleCount(), r.rejected().size());
        CorrelationEngine correlations = CorrelationEngine.build(r,
                CorrelationOptions.defaults().withGrace(Duration.ofSeconds(Math.max(0, graceSeconds))));
        correlations.problems().forEach(p -> err.println(p.describe()));
        CorrelationScan corr = new CorrelationScan(correlations);
        int threads = this.threads != null ? this.threads : Runtime.getRuntime().availableProcessors();
        if (threads < 1) {
            throw new UserException("--threads must be at least 1, got " + threads);
        }
        PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 16), false, StandardCharsets.UTF_8);
        SigmaFileScan.Summary s;
        try (EventFileReader docs = EventFileReader.open(events, EventFileReader.Layout.AUTO, EventParser.DEFAULT_MAX_BYTES)) {
            s = new SigmaFileScan(r.ruleSet(), new EventParser(), threads == 1 ? 0 : threads).run(docs, corr, out, err);
        } finally {
            out.flush(); // matches printed before a read error are not lost in the buffer
        }
        err.printf("%nevents: %d read, %d rejected, %d with matches%n%n", s.events(), s.rejected(), s.withMatches());
        if (correlations.correlationCount() > 0) {
            err.printf("correlations: %d evaluated, %s; %d hits without an event time%n", correlations.correlationCount(),
                    corr.counters(), corr.hitsWithoutTime());
            s.correlationHits().forEach((t, c) -> err.printf("%-8d %-9s %s%n", c[0], "corr", t));
            err.println();
        }
        err.printf("%-8s %-9s %s%n", "hits", "level", "rule");
        s.hits().entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
                .forEach(h -> err.printf("%-8d %-9s %s%n", h.getValue()[0], s.levels().get(h.getKey()), h.getKey()));
        return 0;
    }
}
