package io.centinela.yara;

import io.centinela.yara.nativ.LibYara;

import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Child JVM for {@link NoTryCatchRegressionTest}: scans on two threads while other threads rely on HotSpot's own
 * SIGSEGV handling (implicit null checks, stack overflow guard pages, safepoint polls during GC). Prints counts and
 * exits 0 when every kind of event kept happening. With argument {@code unsafe} the scan threads call libyara
 * WITHOUT SCAN_FLAGS_NO_TRYCATCH (the negative control: libyara then swaps the process's SIGSEGV handler).
 */
public final class ScanUnderLoadChild {

    static final class Holder {
        int value = 1;
    }

    private static final AtomicLong SCANS = new AtomicLong();
    private static final AtomicLong NPES = new AtomicLong();
    private static final AtomicLong SOES = new AtomicLong();
    private static final AtomicLong GCS = new AtomicLong();

    public static void main(String[] args) throws Exception {
        int seconds = Integer.parseInt(args[0]);
        boolean unsafe = args.length > 1 && args[1].equals("unsafe");
        CompiledRules rules = TestRules.compile("""
                rule r1 { strings: $a = "needle" $b = /ab[cd]{2,}e/ $c = { 4D 5A ?? 00 } condition: any of them }
                rule r2 { condition: for any i in (0..filesize \\ 1024) : (uint8(i * 1024) == 0xFF) }
                """);
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = List.of(
                new Thread(() -> scanLoop(rules, stop, unsafe, 1), "scan-1"),
                new Thread(() -> scanLoop(rules, stop, unsafe, 2), "scan-2"),
                new Thread(() -> npeLoop(stop), "npe"),
                new Thread(() -> soeLoop(stop), "soe"),
                new Thread(() -> gcLoop(stop), "gc"));
        threads.forEach(t -> t.setDaemon(true));
        threads.forEach(Thread::start);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            Thread.sleep(200);
        }
        stop.set(true);
        for (Thread t : threads) {
            t.join(10_000);
        }
        String counts = "scans=" + SCANS.get() + " npe=" + NPES.get() + " soe=" + SOES.get() + " gc=" + GCS.get();
        boolean ok = SCANS.get() > 100 && NPES.get() > 100 && SOES.get() > 5 && GCS.get() > 5;
        System.out.println((ok ? "CHILD-OK " : "CHILD-LOW ") + counts);
        System.exit(ok ? 0 : 3);
    }

    private static void scanLoop(CompiledRules rules, AtomicBoolean stop, boolean unsafe, int seed) {
        byte[] data = new byte[64 * 1024];
        new Random(seed).nextBytes(data);
        try (YaraScanner scanner = new YaraScanner(RuleProvider.of(rules), ScanLimits.DEFAULT)) {
            while (!stop.get()) {
                if (unsafe) {
                    scanner.scanWithFlagsForTest(data, LibYara.SCAN_FLAGS_REPORT_RULES_MATCHING);
                } else {
                    scanner.scan("f", data);
                }
                SCANS.incrementAndGet();
            }
        }
    }

    private static int touch(Holder h) {
        return h.value; // JIT-compiled with an implicit null check: a null h is a SIGSEGV HotSpot turns into an NPE
    }

    private static void npeLoop(AtomicBoolean stop) {
        Holder real = new Holder();
        long sum = 0;
        int i = 0;
        while (!stop.get()) {
            try {
                sum += touch(++i % 1000 == 0 ? null : real);
            } catch (NullPointerException e) {
                NPES.incrementAndGet();
            }
        }
        if (sum == 42) {
            System.out.println();
        }
    }

    private static int depth(int n) {
        return n == Integer.MIN_VALUE ? 0 : depth(n + 1) + 1;
    }

    private static void soeLoop(AtomicBoolean stop) {
        while (!stop.get()) {
            try {
                depth(0);
            } catch (StackOverflowError e) {
                SOES.incrementAndGet();
            }
        }
    }

    private static void gcLoop(AtomicBoolean stop) {
        while (!stop.get()) {
            byte[][] junk = new byte[256][];
            for (int i = 0; i < junk.length; i++) {
                junk[i] = new byte[16 * 1024];
            }
            if (junk[255].length > 0) {
                System.gc();
                GCS.incrementAndGet();
            }
        }
    }
}
