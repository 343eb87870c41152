package io.centinela.bench;

import io.centinela.event.Event;
import io.centinela.sigma.eval.CompiledRuleSet;
import io.centinela.sigma.load.LoadOptions;
import io.centinela.sigma.load.LoadResult;
import io.centinela.sigma.load.RuleLoader;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code sigma bench} measurement: load all rules, measure the compiled set's heap, read the Windows logs,
 * then run every event through the rule set on the calling thread for a few timed rounds after a warm-up round.
 * A reference round in the same process evaluates a sample without the log-source index (every rule's gates
 * checked one by one), so the index's effect is reported as a ratio on the same machine and load.
 */
public final class SigmaBench {

    /** Results of one bench run. */
    public record Result(int rules, int rejected, long ruleSetHeapBytes, double loadSeconds, int events, int badLines,
                         int rounds, double eventsPerSecond, double nsPerEvent, double cpuEventsPerSecond,
                         double cpuNsPerEvent, double candidatesPerEvent,
                         double literalScansPerEvent, long matches, double unindexedNsPerEvent, int unindexedSample,
                         int gates, int units, int literals, int fields) {
    }

    private SigmaBench() {
    }

    public static Result run(List<Path> ruleDirs, Path logsDir, int maxEvents, int rounds, PrintStream log)
            throws IOException {
        long heap0 = usedHeap();
        long t0 = System.nanoTime();
        LoadResult loaded = new RuleLoader(LoadOptions.defaults()).load(ruleDirs);
        double loadSeconds = (System.nanoTime() - t0) / 1e9;
        CompiledRuleSet set = loaded.ruleSet();
        // Materialise lazily built per-thread state before measuring the heap.
        long heapRules = usedHeap() - heap0;
        log.printf("rules: %d loaded, %d rejected in %.1f s; compiled set heap %.1f MB%n", set.ruleCount(),
                loaded.rejected().size(), loadSeconds, heapRules / 1e6);
        WindowsLogCorpus corpus = WindowsLogCorpus.read(logsDir, maxEvents);
        List<Event> events = corpus.events();
        log.printf("events: %d from %d archives (%d bad lines skipped)%n", events.size(), corpus.archives(), corpus.badLines());

        long matches = pass(set, events); // warm-up
        log.printf("warm-up done (%d matches)%n", matches);
        long[] c0 = set.threadCounters();
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu0 = mx.getCurrentThreadCpuTime();
        long t1 = System.nanoTime();
        for (int r = 0; r < rounds; r++) {
            matches = pass(set, events);
        }
        long elapsed = System.nanoTime() - t1;
        long cpu = mx.getCurrentThreadCpuTime() - cpu0;
        long[] c1 = set.threadCounters();
        double n = (double) events.size() * rounds;
        double ns = elapsed / n;
        double cpuNs = cpu / n;

        int sample = Math.min(events.size(), Integer.getInteger("centinela.bench.unindexedSample", 20_000));
        List<Event> sub = events.subList(0, sample);
        for (Event e : sub) {
            set.evaluateUnindexed(e); // warm-up
        }
        long t2 = System.nanoTime();
        for (Event e : sub) {
            set.evaluateUnindexed(e);
        }
        double unindexedNs = (System.nanoTime() - t2) / (double) sample;

        return new Result(set.ruleCount(), loaded.rejected().size(), heapRules, loadSeconds, events.size(),
                corpus.badLines(), rounds, 1e9 / ns, ns, 1e9 / cpuNs, cpuNs, (c1[1] - c0[1]) / n, (c1[2] - c0[2]) / n, matches,
                unindexedNs, sample, set.gateCount(), set.unitCount(), set.literalCount(), set.fieldCount());
    }

    private static long pass(CompiledRuleSet set, List<Event> events) {
        long m = 0;
        for (Event e : events) {
            m += set.evaluate(e).size();
        }
        return m;
    }

    static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    public static void print(Result r, PrintStream out) {
        out.println();
        out.println("| metric | value |");
        out.println("|---|---|");
        out.printf("| rules loaded / rejected | %d / %d |%n", r.rules(), r.rejected());
        out.printf("| compiled units / log-source gates / shared literals / fields | %d / %d / %d / %d |%n",
                r.units(), r.gates(), r.literals(), r.fields());
        out.printf("| heap used by the compiled rule set | %.1f MB |%n", r.ruleSetHeapBytes() / 1e6);
        out.printf("| rule load + compile time | %.1f s |%n", r.loadSeconds());
        out.printf("| events (Windows logs) x rounds | %d x %d |%n", r.events(), r.rounds());
        out.printf("| events/s (one thread, wall clock) | %,.0f |%n", r.eventsPerSecond());
        out.printf("| ns/event (wall) | %,.0f |%n", r.nsPerEvent());
        out.printf("| events/s by thread CPU time (discounts CPU stolen by other processes) | %,.0f |%n", r.cpuEventsPerSecond());
        out.printf("| ns/event (thread CPU time) | %,.0f |%n", r.cpuNsPerEvent());
        out.printf("| candidate rules evaluated per event | %.1f |%n", r.candidatesPerEvent());
        out.printf("| literal automaton scans per event | %.1f |%n", r.literalScansPerEvent());
        out.printf("| matches per round | %d |%n", r.matches());
        out.printf("| reference: no log-source index, ns/event (first %d events) | %,.0f (%.1fx slower) |%n",
                r.unindexedSample(), r.unindexedNsPerEvent(), r.unindexedNsPerEvent() / r.nsPerEvent());
    }
}
