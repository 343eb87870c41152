package io.centinela.bench;

import io.centinela.event.Event;
import io.centinela.sigma.eval.CompiledRuleSet;
import io.centinela.sigma.eval.EngineVersion;
import io.centinela.sigma.load.LoadOptions;
import io.centinela.sigma.load.LoadResult;
import io.centinela.sigma.load.ParsedRuleCache;
import io.centinela.sigma.load.RuleLoader;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code sigma bench} measurement: load all rules, measure the compiled set's heap, read the Windows logs,
 * then run every event through the rule set on the calling thread for a few timed rounds after a warm-up round.
 * The reference engine ({@link EngineVersion#REFERENCE}, the evaluation before issue 16) runs the same events
 * in alternating rounds in the same process, so the speed-up is a ratio that holds on a loaded machine; a
 * sample also runs without the log-source index (every rule's gates checked one by one).
 */
public final class SigmaBench {

    /** Results of one bench run. */
    public record Result(int rules, int rejected, long ruleSetHeapBytes, double loadSeconds, double loadCpuSeconds,
                         double warmLoadCpuSeconds, int events, int badLines,
                         int rounds, double eventsPerSecond, double nsPerEvent, double cpuEventsPerSecond,
                         double cpuNsPerEvent, double candidatesPerEvent,
                         double literalScansPerEvent, long matches, double referenceCpuNsPerEvent,
                         long referenceMatches, double unindexedNsPerEvent, int unindexedSample,
                         int gates, int units, int literals, int fields,
                         SigmaScanBench.Result scan, double loadProcessCpuSeconds, RuleCache cache) {
    }

    /**
     * The parsed-rule cache's rows (null without {@code --rule-cache}): the first load's hits and misses (all
     * misses on the first run, all hits on the next JVM with the rules unchanged), and a warm load with the cache
     * (CPU of the application threads and wall), next to the warm load without it.
     */
    public record RuleCache(String file, ParsedRuleCache.Stats firstLoad, double warmCpuSeconds, double warmSeconds,
                            double warmUncachedSeconds) {
    }

    private SigmaBench() {
    }

    public static Result run(List<Path> ruleDirs, Path logsDir, int maxEvents, int rounds, boolean scan, PrintStream log)
            throws IOException {
        return run(ruleDirs, logsDir, maxEvents, rounds, scan, null, log);
    }

    /** As above; with {@code cacheDir} (or null) the first load reads and writes the parsed-rule cache there. */
    public static Result run(List<Path> ruleDirs, Path logsDir, int maxEvents, int rounds, boolean scan, Path cacheDir,
                             PrintStream log) throws IOException {
        ParsedRuleCache cache = cacheDir == null ? null : ParsedRuleCache.forRoots(cacheDir, ruleDirs);
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long heap0 = usedHeap();
        long t0 = System.nanoTime();
        long c0load = appCpu();
        long p0load = processCpu();
        LoadResult loaded = new RuleLoader(LoadOptions.defaults(), cache).load(ruleDirs);
        double loadCpu = (appCpu() - c0load) / 1e9;
        double loadProcessCpu = (processCpu() - p0load) / 1e9;
        double loadSeconds = (System.nanoTime() - t0) / 1e9;
        CompiledRuleSet set = loaded.ruleSet();
        long heapRules = usedHeap() - heap0;
        log.printf("rules: %d loaded, %d rejected in %.1f s (cold JVM: %.1f s CPU of the application threads, %.1f s CPU in the"
                        + " process incl. JIT and GC); compiled set heap %.1f MB%n",
                set.ruleCount(), loaded.rejected().size(), loadSeconds, loadCpu, loadProcessCpu, heapRules / 1e6);
        // The reference engine (pre-issue-16 evaluation) in the same process: its ratio holds under any load.
        RuleCache cacheRows = null;
        if (cache != null) {
            ParsedRuleCache.Stats first = cache.lastLoad();
            log.printf("rule cache %s: %d files from the cache, %d parsed%s%n", cache.file(), first.hits(), first.misses(),
                    first.written() ? ", cache written" : "");
            long w0 = System.nanoTime();
            long c = appCpu();
            new RuleLoader(LoadOptions.defaults(), cache).load(ruleDirs);
            cacheRows = new RuleCache(cache.file().toString(), first, (appCpu() - c) / 1e9, (System.nanoTime() - w0) / 1e9, 0);
        }
        long w1 = System.nanoTime();
        long c1load = appCpu();
        CompiledRuleSet reference = new RuleLoader(LoadOptions.defaults().withEngine(EngineVersion.REFERENCE))
                .load(ruleDirs).ruleSet();
        double warmLoadCpu = (appCpu() - c1load) / 1e9;
        if (cacheRows != null) {
            cacheRows = new RuleCache(cacheRows.file(), cacheRows.firstLoad(), cacheRows.warmCpuSeconds(),
                    cacheRows.warmSeconds(), (System.nanoTime() - w1) / 1e9);
        }
        log.printf("reference engine loaded in %.1f s CPU (second load: warm JVM)%n", warmLoadCpu);
        WindowsLogCorpus corpus = WindowsLogCorpus.read(logsDir, maxEvents);
        List<Event> events = corpus.events();
        log.printf("events: %d from %d archives (%d bad lines skipped)%n", events.size(), corpus.archives(), corpus.badLines());

        long matches = pass(set, events); // warm-up
        long refMatches = pass(reference, events);
        log.printf("warm-up done (%d matches, reference %d)%n", matches, refMatches);
        long[] c0 = set.threadCounters();
        long cpu = 0, refCpu = 0, elapsed = 0;
        for (int r = 0; r < rounds; r++) { // alternate so both engines see the same load on average
            long cpu0 = mx.getCurrentThreadCpuTime();
            long t1 = System.nanoTime();
            matches = pass(set, events);
            elapsed += System.nanoTime() - t1;
            long cpu1 = mx.getCurrentThreadCpuTime();
            cpu += cpu1 - cpu0;
            refMatches = pass(reference, events);
            refCpu += mx.getCurrentThreadCpuTime() - cpu1;
        }
        long[] c1 = set.threadCounters();
        double n = (double) events.size() * rounds;
        double ns = elapsed / n;
        double cpuNs = cpu / n;

        int sample = Math.min(events.size(), Integer.getInteger("centinela.bench.unindexedSample", 5_000));
        List<Event> sub = events.subList(0, sample);
        for (Event e : sub) {
            set.evaluateUnindexed(e); // warm-up
        }
        long t2 = System.nanoTime();
        for (Event e : sub) {
            set.evaluateUnindexed(e);
        }
        double unindexedNs = (System.nanoTime() - t2) / (double) sample;
        SigmaScanBench.Result scanResult = scan ? SigmaScanBench.run(loaded, logsDir, maxEvents, rounds, log) : null;

        return new Result(set.ruleCount(), loaded.rejected().size(), heapRules, loadSeconds, loadCpu, warmLoadCpu,
                events.size(), corpus.badLines(), rounds, 1e9 / ns, ns, 1e9 / cpuNs, cpuNs, (c1[1] - c0[1]) / n,
                (c1[2] - c0[2]) / n, matches, refCpu / n, refMatches, unindexedNs, sample, set.gateCount(),
                set.unitCount(), set.literalCount(), set.fieldCount(), scanResult, loadProcessCpu, cacheRows);
    }

    private static long pass(CompiledRuleSet set, List<Event> events) {
        long m = 0;
        for (Event e : events) {
            m += set.evaluate(e).size();
        }
        return m;
    }

    /**
     * CPU of every live application thread (the loader parses on the common pool): JIT and GC threads are not
     * among them. Threads that ended in between are missed, so this is a lower bound; the pool's stay alive.
     */
    private static long appCpu() {
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long id : mx.getAllThreadIds()) {
            long t = mx.getThreadCpuTime(id);
            sum += Math.max(0, t);
        }
        return sum;
    }

    private static long processCpu() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
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
        out.printf("| rule load + compile (cold JVM), wall / CPU of the application threads (excl. JIT, GC) | %.2f s / %.2f s |%n",
                r.loadSeconds(), r.loadCpuSeconds());
        out.printf("| rule load + compile (cold JVM), CPU of the whole process (incl. JIT, GC) | %.2f s |%n",
                r.loadProcessCpuSeconds());
        out.printf("| rule load + compile, second load in the same JVM (warm), CPU of the application threads | %.2f s |%n",
                r.warmLoadCpuSeconds());
        if (r.cache() != null) {
            RuleCache c = r.cache();
            out.printf("| parsed-rule cache, first load: files read from the cache / parsed | %d / %d%s |%n",
                    c.firstLoad().hits(), c.firstLoad().misses(), c.firstLoad().hits() > 0 ? " (cold JVM with cache)"
                            : " (cold JVM, no cache: written)");
            out.printf("| rule load + compile, warm, with the cache: wall / CPU of the application threads | %.2f s / %.2f s |%n",
                    c.warmSeconds(), c.warmCpuSeconds());
            out.printf("| rule load + compile, warm, without the cache (the reference engine's load): wall | %.2f s |%n",
                    c.warmUncachedSeconds());
        }
        out.printf("| events (Windows logs) x rounds | %d x %d |%n", r.events(), r.rounds());
        out.printf("| events/s (one thread, wall clock) | %,.0f |%n", r.eventsPerSecond());
        out.printf("| ns/event (wall) | %,.0f |%n", r.nsPerEvent());
        out.printf("| events/s by thread CPU time (discounts CPU stolen by other processes) | %,.0f |%n", r.cpuEventsPerSecond());
        out.printf("| ns/event (thread CPU time) | %,.0f |%n", r.cpuNsPerEvent());
        out.printf("| candidate rules evaluated per event | %.1f |%n", r.candidatesPerEvent());
        out.printf("| literal automaton scans per event | %.1f |%n", r.literalScansPerEvent());
        out.printf("| matches per round | %d |%n", r.matches());
        out.printf("| reference engine (before issue 16), same events, alternating rounds: ns/event CPU | %,.0f |%n",
                r.referenceCpuNsPerEvent());
        out.printf("| reference engine matches per round (must equal the above) | %d |%n", r.referenceMatches());
        out.printf("| **speed-up over the reference engine (thread CPU, same process)** | **%.2fx** |%n",
                r.referenceCpuNsPerEvent() / r.cpuNsPerEvent());
        out.printf("| reference: no log-source index, ns/event (first %d events) | %,.0f (%.1fx slower) |%n",
                r.unindexedSample(), r.unindexedNsPerEvent(), r.unindexedNsPerEvent() / r.nsPerEvent());
        if (r.scan() != null) {
            SigmaScanBench.print(r.scan(), r.cpuNsPerEvent(), r.nsPerEvent(), out);
        }
    }
}
