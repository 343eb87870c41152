package io.centinela.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A one-line progress report rewritten in place ({@code \r}) at most once a second, for long runs on a terminal.
 * Off when stderr is not a terminal (a log file must not fill with carriage returns). Owned by one thread.
 */
final class ProgressLine {

    private static final long INTERVAL_NANOS = 1_000_000_000L;
    private static final int WIDTH = 100;

    private final PrintWriter err;
    private final boolean on;
    private final long start = System.nanoTime();
    private long next = start + INTERVAL_NANOS;
    private boolean shown;

    ProgressLine(PrintWriter err, boolean on) {
        this.err = err;
        this.on = on;
    }

    /** True when file descriptor 2 is a terminal (Linux: /proc/self/fd/2 points at a tty or pty). */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (Exception e) {
            return System.console() != null; // no /proc: the console is the best guess there is
        }
    }

    void update(long events, long alerts, String where) {
        if (!on) {
            return;
        }
        long now = System.nanoTime();
        if (now < next) {
            return;
        }
        next = now + INTERVAL_NANOS;
        double s = (now - start) / 1e9;
        String line = String.format(Locale.ROOT, "scan: %,d events, %,d alerts, %,.0f events/s  %s", events, alerts,
                events / s, where);
        if (line.length() > WIDTH) {
            line = line.substring(0, WIDTH);
        }
        err.print("\r" + line + " ".repeat(WIDTH - line.length()));
        err.flush();
        shown = true;
    }

    /** Clears the line before the summary. */
    void clear() {
        if (shown) {
            err.print("\r" + " ".repeat(WIDTH) + "\r");
            err.flush();
        }
    }
}
