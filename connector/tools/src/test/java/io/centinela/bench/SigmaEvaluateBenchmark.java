package io.centinela.bench;

import io.centinela.event.Event;
import io.centinela.sigma.eval.CompiledRuleSet;
import io.centinela.sigma.load.LoadOptions;
import io.centinela.sigma.load.RuleLoader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * JMH: all SigmaHQ active rules, one Windows-log event per operation, one thread. Run (see docs/sigma.md):
 * {@code java -cp ... org.openjdk.jmh.Main SigmaEvaluateBenchmark}. The score is ns per event.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "-XX:+UseParallelGC"})
@Threads(1)
public class SigmaEvaluateBenchmark {

    @Param("100000")
    int maxEvents;

    private CompiledRuleSet rules;
    private Event[] events;
    private int next;

    @Setup
    public void setup() throws Exception {
        Path shared = Path.of(System.getProperty("centinela.shared", "../shared"));
        Path sigma = shared.resolve("data/sigma");
        rules = new RuleLoader(LoadOptions.defaults()).load(List.of("rules", "rules-emerging-threats",
                "rules-threat-hunting", "rules-placeholder", "rules-compliance").stream().map(sigma::resolve).toList())
                .ruleSet();
        events = WindowsLogCorpus.read(shared.resolve("data/windows-logs"), maxEvents).events().toArray(new Event[0]);
    }

    @Benchmark
    public int evaluateOneEvent() {
        Event e = events[next];
        next = next + 1 == events.length ? 0 : next + 1;
        return rules.evaluate(e).size();
    }
}
