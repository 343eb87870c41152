package io.centinela.bench;

import io.centinela.cli.SigmaFileScan;
import io.centinela.event.EventFileReader;
import io.centinela.event.EventParser;
import io.centinela.sigma.correlation.CorrelationEngine;
import io.centinela.sigma.correlation.CorrelationOptions;
import io.centinela.sigma.correlation.CorrelationScan;
import io.centinela.sigma.load.LoadResult;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The scan-path half of {@code sigma bench --scan}: the same Windows events as the engine-only rounds, written once
 * to a temporary JSON-lines file, then run through the whole {@code sigma scan} pipeline ({@link SigmaFileScan}:
 * read, parse, normalise, evaluate, correlate, render; output to a null stream) in the same process, once on the
 * calling thread and once with one worker per CPU. Each configuration gets a warm-up round, then timed rounds; CPU
 * is the process's (all threads, so JIT and GC count), which is what a scan costs.
 */
public final class SigmaScanBench {

    /** One configuration's figures (workers 0 = everything on one thread). */
    public record Row(int workers, double eventsPerSecond, double cpuNsPerEvent, double firstRoundEventsPerSecond,
                      long printedPerRound) {
    }

    /** Thread CPU ns per event of the one-thread loop cut after each stage: read, + parse and normalise, + rules. */
    public record Stages(double readNs, double parseNs, double evaluateNs) {
    }

    public record Result(long events, long fileBytes, List<Row> rows, Stages stages) {
    }

    private SigmaScanBench() {
    }

    public static Result run(LoadResult loaded, Path logsDir, int maxEvents, int rounds, PrintStream log)
            throws IOException {
        Path file = Files.createTempFile("centinela-scan-bench", ".jsonl");
        try {
            long events = WindowsLogCorpus.writeJsonLines(logsDir, maxEvents, file);
            log.printf("scan path: %d JSON lines (%.0f MB) in %s%n", events, Files.size(file) / 1e6, file);
            List<Row> rows = new ArrayList<>();
            int cpus = Math.max(1, Runtime.getRuntime().availableProcessors());
            for (int workers : cpus > 1 ? new int[] {0, cpus} : new int[] {0, 1}) {
                rows.add(measure(loaded, file, events, workers, rounds, log));
            }
            Stages stages = stages(loaded, file, events, rounds);
            log.printf("scan stages, thread CPU ns/event: read %,.0f, + parse/normalise %,.0f, + rules %,.0f%n",
                    stages.readNs(), stages.parseNs(), stages.evaluateNs());
            return new Result(events, Files.size(file), rows, stages);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static Row measure(LoadResult loaded, Path file, long events, int workers, int rounds, PrintStream log)
            throws IOException {
        EventParser parser = new EventParser();
        SigmaFileScan scan = new SigmaFileScan(loaded.ruleSet(), parser, workers);
        CorrelationEngine correlations = CorrelationEngine.build(loaded, CorrelationOptions.defaults());
        long t0 = System.nanoTime();
        long printed = round(scan, correlations, file);
        double first = events / ((System.nanoTime() - t0) / 1e9);
        long wall = 0, cpu = 0;
        for (int r = 0; r < rounds; r++) {
            long c = processCpu();
            long t = System.nanoTime();
            printed = round(scan, correlations, file);
            wall += System.nanoTime() - t;
            cpu += processCpu() - c;
        }
        double n = (double) events * rounds;
        Row row = new Row(workers, n / (wall / 1e9), cpu / n, first, printed);
        log.printf("scan path, %d worker(s): %,.0f events/s wall, %,.0f ns CPU/event (first round %,.0f events/s)%n",
                workers, row.eventsPerSecond(), row.cpuNsPerEvent(), first);
        return row;
    }

    private static Stages stages(LoadResult loaded, Path file, long events, int rounds) throws IOException {
        double[] ns = new double[3];
        for (int stage = 0; stage < 3; stage++) {
            stageRound(loaded, file, stage); // warm-up
            long c = THREADS.getCurrentThreadCpuTime();
            for (int r = 0; r < rounds; r++) {
                stageRound(loaded, file, stage);
            }
            ns[stage] = (THREADS.getCurrentThreadCpuTime() - c) / ((double) events * rounds);
        }
        return new Stages(ns[0], ns[1], ns[2]);
    }

    private static long stageRound(LoadResult loaded, Path file, int stage) throws IOException {
        EventParser parser = new EventParser();
        long sink = 0;
        try (EventFileReader docs = EventFileReader.open(file)) {
            while (docs.hasNext()) {
                EventFileReader.Document d = docs.next();
                sink += d.bytes().length;
                if (stage == 0) {
                    continue;
                }
                try {
                    var e = d.parse(parser, io.centinela.event.EventFormat.AUTO);
                    sink += stage == 2 ? loaded.ruleSet().evaluate(e).size() : e.fields().size();
                } catch (io.centinela.event.EventRejectedException ex) {
                    sink++;
                }
            }
        }
        return sink;
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    private static long round(SigmaFileScan scan, CorrelationEngine correlations, Path file) throws IOException {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        try (EventFileReader docs = EventFileReader.open(file)) {
            return scan.run(docs, new CorrelationScan(correlations), sink, sink).printed();
        }
    }

    private static long processCpu() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
    }

    /** Rows for the bench table; {@code engineNs} / {@code engineWallNs}: the engine-only rounds' CPU and wall ns per event. */
    public static void print(Result r, double engineNs, double engineWallNs, PrintStream out) {
        out.printf("| scan path input: JSON lines (the same events), MB | %d lines, %.0f MB |%n", r.events(),
                r.fileBytes() / 1e6);
        for (Row row : r.rows()) {
            String who = row.workers() == 0 ? "one thread" : row.workers() + " workers + reader thread";
            out.printf("| **scan path (%s): events/s wall** (first round) | **%,.0f** (%,.0f); %.2fx the engine-only wall rate |%n",
                    who, row.eventsPerSecond(), row.firstRoundEventsPerSecond(), row.eventsPerSecond() * engineWallNs / 1e9);
            out.printf("| scan path (%s): process CPU ns/event (all threads) / engine-only thread CPU | %,.0f / %,.0f (%.2fx) |%n",
                    who, row.cpuNsPerEvent(), engineNs, row.cpuNsPerEvent() / engineNs);
            out.printf("| scan path (%s): lines printed per round | %d |%n", who, row.printedPerRound());
        }
        Stages st = r.stages();
        out.printf("| scan path stages, one thread, thread CPU ns/event: read / parse + normalise / rules | %,.0f / %,.0f / %,.0f |%n",
                st.readNs(), st.parseNs() - st.readNs(), st.evaluateNs() - st.parseNs());
    }
}
