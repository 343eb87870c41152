package io.centinela.tools.yara;

import io.centinela.cli.Inputs;
import io.centinela.yara.CompiledRules;
import io.centinela.yara.RuleProvider;
import io.centinela.yara.ScanLimits;
import io.centinela.yara.ScanOutcome;
import io.centinela.yara.YaraLibrary;
import io.centinela.yara.YaraScanner;
import io.centinela.yara.compile.CompileReport;
import io.centinela.yara.compile.ExternalVariable;
import io.centinela.yara.compile.RuleFiles;
import io.centinela.yara.compile.RuleSetCompiler;
import io.centinela.yara.compile.RuleSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code centinela yara bench}: MB per CPU-second and scans per CPU-second of the Java binding for 1 KB and 64 KB
 * event-like text buffers (matches rare), per rule set and thread count, next to a C reference loop over the same
 * libyara and the same compiled rules in the same run. CPU time is per thread (ThreadMXBean / CLOCK_THREAD_CPUTIME_ID)
 * because the machine is shared.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark the YARA binding against a C reference loop (same libyara, same rules, same run).")
public final class YaraBenchCommand implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "DIR", description = "The shared YARA data folder (default: ${DEFAULT-VALUE}).")
    Path data = Path.of(System.getProperty("centinela.home", "."), "..", "shared", "data", "yara");

    @Option(names = "--seconds", description = "Measured seconds per cell (default: ${DEFAULT-VALUE}).")
    double seconds = 2.0;

    @Option(names = "--threads", split = ",", description = "Thread counts (default: 1,2).")
    List<Integer> threadCounts = List.of(1, 2);

    @Option(names = "--sizes", split = ",", description = "Buffer sizes in bytes (default: 1024,65536).")
    List<Integer> sizes = List.of(1024, 65536);

    @Option(names = "--sets", split = ",", description = "Rule sets: synth100, reversinglabs, signature-base (import-free "
            + "files, as event text is scanned; the default) or reversinglabs-all, signature-base-all (with module rules).")
    List<String> sets = List.of("synth100", "reversinglabs", "signature-base");

    private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();

    @Override
    public Integer call() throws Exception {
        Inputs.requireExisting("YARA data folder", data);
        YaraLibrary lib = YaraLibrary.require();
        if (!mx.isCurrentThreadCpuTimeSupported()) {
            System.err.println("centinela yara bench: this JVM cannot measure thread CPU time");
            return 2;
        }
        mx.setThreadCpuTimeEnabled(true);
        Path dataDir = data.toAbsolutePath().normalize();
        if (!Files.isDirectory(dataDir.resolve("bench"))) {
            System.err.println("centinela yara bench: no bench data at " + dataDir + " (use --data DIR)");
            return 2;
        }
        Path work = Files.createTempDirectory("centinela-yara-bench");
        try {
            CReferenceLoop reference = CReferenceLoop.build(work, lib.file());
            System.out.printf("libyara: %s; CPU: %d cores; %s s per cell; buffers: pseudo-random printable text (seed 42)%n",
                    lib.file(), Runtime.getRuntime().availableProcessors(), seconds);
            System.out.println("| rules | buffer | threads | binding MB/CPU-s | binding scans/CPU-s | reference MB/CPU-s "
                    + "| reference scans/CPU-s | binding/reference | matches/scan | binding scans/s (wall) |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|");
            for (String set : sets) {
                try (CompiledRules rules = compile(set, dataDir)) {
                    Path saved = work.resolve(set + ".yarc");
                    rules.save(saved);
                    for (int size : sizes) {
                        byte[] buffer = textBuffer(size);
                        Path bufferFile = work.resolve("buffer-" + size + ".txt");
                        Files.write(bufferFile, buffer);
                        runBinding(rules, buffer, 1, Math.min(1.0, seconds)); // JIT warm-up, discarded
                        for (int threads : threadCounts) {
                            BenchResult b = runBinding(rules, buffer, threads, seconds);
                            BenchResult r = reference == null ? null
                                    : new BenchResult(reference.run(saved, bufferFile, threads, seconds), size, seconds);
                            print(set + " (" + rules.ruleCount() + ")", size, threads, b, r);
                        }
                    }
                }
            }
            System.out.println("Reference: yara_ref.c (connector/src/main/resources/yara-bench), gcc -O2 against the same "
                    + "libyara.so.9, loading the binding's compiled rules (yr_rules_save), same scan flags.");
        } finally {
            try (Stream<Path> s = Files.walk(work)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }

    private static void print(String set, int size, int threads, BenchResult b, BenchResult r) {
        String buf = size >= 1024 && size % 1024 == 0 ? (size / 1024) + " KB" : size + " B";
        System.out.println(String.format(Locale.ROOT, "| %s | %s | %d | %.1f | %.0f | %s | %s | %s | %.4f | %.0f |",
                set, buf, threads, b.mbPerCpuSecond(), b.scansPerCpuSecond(),
                r == null ? "-" : String.format(Locale.ROOT, "%.1f", r.mbPerCpuSecond()),
                r == null ? "-" : String.format(Locale.ROOT, "%.0f", r.scansPerCpuSecond()),
                r == null ? "-" : String.format(Locale.ROOT, "%.2f", b.mbPerCpuSecond() / r.mbPerCpuSecond()),
                b.matchesPerScan(), b.scansPerWallSecond()));
    }

    /** The rule sets event text is scanned with: synth100, and the import-free files of the real sets. */
    static CompiledRules compile(String set, Path dataDir) {
        List<RuleSource> sources;
        List<ExternalVariable> externals = List.of();
        switch (set) {
            case "synth100" -> sources = RuleFiles.load(dataDir.resolve("bench/synth100.yar"), RuleFiles.NamespaceMode.PER_FILE);
            case "reversinglabs" -> sources = importFree(dataDir.resolve("rules/reversinglabs"));
            case "signature-base" -> {
                sources = importFree(dataDir.resolve("rules/signature-base"));
                externals = Stream.of("filename", "filepath", "extension", "filetype", "owner")
                        .map(n -> ExternalVariable.of(n, "")).toList();
            }
            // Whole sets, module rules included: what file content with matching magic bytes is scanned with.
            case "reversinglabs-all" -> sources = RuleFiles.load(dataDir.resolve("rules/reversinglabs"), RuleFiles.NamespaceMode.PER_FILE);
            case "signature-base-all" -> {
                sources = RuleFiles.load(dataDir.resolve("rules/signature-base"), RuleFiles.NamespaceMode.PER_FILE);
                externals = Stream.of("filename", "filepath", "extension", "filetype", "owner")
                        .map(n -> ExternalVariable.of(n, "")).toList();
            }
            default -> throw new IllegalArgumentException("unknown rule set " + set
                    + "; use synth100, reversinglabs, signature-base, reversinglabs-all, signature-base-all");
        }
        CompileReport report = new RuleSetCompiler(externals, false).compile(set, sources);
        if (!report.rejected().isEmpty()) {
            System.err.println("centinela yara bench: " + set + ": " + report.rejected().size() + " files rejected");
        }
        return report.rules();
    }

    private static List<RuleSource> importFree(Path dir) {
        return RuleFiles.load(dir, RuleFiles.NamespaceMode.PER_FILE).stream().filter(s -> !s.importsModules()).toList();
    }

    /** Event-like text: words of letters and digits with spaces and punctuation; rare matches by construction. */
    static byte[] textBuffer(int size) {
        Random rnd = new Random(42);
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        String punct = " ,.:;-_/\\=\"'()";
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (rnd.nextInt(6) == 0 ? punct.charAt(rnd.nextInt(punct.length()))
                    : alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
        return b;
    }

    private BenchResult runBinding(CompiledRules rules, byte[] buffer, int threads, double secs) throws InterruptedException {
        List<BenchResult.ThreadResult> results = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                try (YaraScanner scanner = new YaraScanner(RuleProvider.of(rules), ScanLimits.DEFAULT)) {
                    long scans = 0;
                    long matches = 0;
                    long end = System.nanoTime() + (long) (secs * 1e9);
                    long cpu0 = mx.getCurrentThreadCpuTime();
                    while (System.nanoTime() < end) {
                        for (int i = 0; i < 16; i++) {
                            ScanOutcome o = scanner.scan("bench", buffer);
                            matches += o.matches().size();
                            scans++;
                        }
                    }
                    long cpu = mx.getCurrentThreadCpuTime() - cpu0;
                    synchronized (results) {
                        results.add(new BenchResult.ThreadResult(scans, cpu, matches));
                    }
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }, "yara-bench-" + t);
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("bench thread failed", failures.get(0));
        }
        return new BenchResult(results, buffer.length, (System.nanoTime() - t0) / 1e9);
    }
}
