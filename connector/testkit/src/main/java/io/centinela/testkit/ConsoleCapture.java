package io.centinela.testkit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;

/**
 * Runs a command with {@code System.out} and {@code System.err} captured: how tests see exactly what a CLI user sees
 * (picocli's writers are created inside the call, so they write to the captured streams too).
 *
 * <p>{@code System.setOut} is process-wide: one capture at a time (a class-wide lock), and the previous streams are
 * restored even when the command throws.
 */
public final class ConsoleCapture {

    /** What a command left: its exit code and everything it printed. */
    public record Captured(int code, String out, String err) {
        /** Both streams, labelled: the message to attach to an assertion. */
        public String transcript() {
            return "exit " + code + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    private static final Object LOCK = new Object();

    private ConsoleCapture() {
    }

    public static Captured run(IntSupplier command) {
        synchronized (LOCK) {
            PrintStream oldOut = System.out;
            PrintStream oldErr = System.err;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            try {
                System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
                System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
                int code = command.getAsInt();
                System.out.flush();
                System.err.flush();
                return new Captured(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
            } finally {
                System.setOut(oldOut);
                System.setErr(oldErr);
            }
        }
    }
}
