package io.centinela.tools.soak;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code centinela run --config <file>} as a child JVM, restarted whenever it exits, after a pause, as systemd's
 * {@code Restart=always} with {@code RestartSec} would: the connector exits 3 on a fatal HEC answer (a login page, a
 * redirect) and dies on {@code kill -9}; the operator's supervisor brings it back. Each exit is counted by cause.
 *
 * <p>Threads: one supervisor thread owns the process; {@link #kill9()}, {@link #stop()} and the counters may be
 * called from any thread (synchronized on this).
 */
final class SupervisedConnector implements AutoCloseable {

    private final List<String> command;
    private final Path log;
    private final long restartPauseMillis;
    private final Map<String, Integer> exits = new TreeMap<>();
    private final Thread supervisor;
    private Process process;
    private boolean killRequested;
    private boolean stopping;
    private int starts;

    /**
     * @param classPath the serving class path the child runs with
     * @param config    the connector's config file
     * @param log       the children's stdout and stderr, appended
     */
    SupervisedConnector(String classPath, Path config, Path log, long restartPauseMillis) {
        this.command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-XX:+UseSerialGC", "-Dai.djl.offline=true", "-cp", classPath, "io.centinela.cli.CentinelaCli", "run",
                "--config", config.toString());
        this.log = log;
        this.restartPauseMillis = restartPauseMillis;
        this.supervisor = new Thread(this::superviseLoop, "soak-supervisor");
        this.supervisor.setDaemon(true);
    }

    /**
     * The serving class path: {@code connector/cli}'s jar and runtime-classpath.txt under {@code centinela.home}
     * (what {@code ./centinela run} uses) when they are built, else this JVM's own class path (tests).
     */
    static String servingClassPath() {
        String home = System.getProperty("centinela.home");
        if (home != null) {
            Path cli = Path.of(home, "connector", "cli", "target");
            Path cp = cli.resolve("runtime-classpath.txt");
            try (var jars = Files.list(cli)) {
                var jar = jars.filter(p -> p.getFileName().toString().matches("centinela-cli-.*\\.jar")
                        && !p.getFileName().toString().contains("-sources")).findFirst();
                if (jar.isPresent() && Files.isRegularFile(cp)) {
                    return jar.get() + File.pathSeparator + Files.readString(cp).trim();
                }
            } catch (IOException e) {
                // not built: fall back
            }
        }
        return System.getProperty("java.class.path");
    }

    SupervisedConnector start() {
        supervisor.start();
        return this;
    }

    private void superviseLoop() {
        while (true) {
            Process p;
            synchronized (this) {
                if (stopping) {
                    return;
                }
                try {
                    p = new ProcessBuilder(command).redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
                } catch (IOException e) {
                    throw new IllegalStateException("cannot start the connector child: " + e, e);
                }
                process = p;
                starts++;
            }
            int rc;
            try {
                rc = p.waitFor();
            } catch (InterruptedException e) {
                p.destroyForcibly();
                return;
            }
            synchronized (this) {
                process = null;
                String cause = killRequested ? "kill -9" : stopping ? "SIGTERM at the end (exit " + rc + ")" : "exit " + rc + describe(rc);
                killRequested = false;
                exits.merge(cause, 1, Integer::sum);
                if (stopping) {
                    notifyAll();
                    return;
                }
            }
            try {
                Thread.sleep(restartPauseMillis); // RestartSec
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static String describe(int rc) {
        return switch (rc) {
            case 3 -> " (HEC fatal: alarm)";
            case 2 -> " (config or Kafka unreachable at start)";
            case 1 -> " (other failure)";
            default -> "";
        };
    }

    /** SIGKILL the running child (no drain, no commit); false when none was running. */
    synchronized boolean kill9() {
        if (process == null || !process.isAlive()) {
            return false;
        }
        killRequested = true;
        process.destroyForcibly(); // SIGKILL on Unix
        return true;
    }

    synchronized boolean running() {
        return process != null && process.isAlive();
    }

    /** Exits by cause so far (the final SIGTERM included once {@link #stop} returned). */
    synchronized Map<String, Integer> exits() {
        return new TreeMap<>(exits);
    }

    synchronized int starts() {
        return starts;
    }

    /** SIGTERM (the connector drains and commits) and no more restarts; waits up to {@code timeoutMillis}. */
    void stop(long timeoutMillis) throws InterruptedException {
        Process p;
        synchronized (this) {
            stopping = true;
            p = process;
        }
        if (p == null) {
            supervisor.interrupt(); // a restart pause ends now (a running child is never interrupted: it drains)
        } else {
            p.destroy();
            if (!p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
        supervisor.join(10_000);
    }

    @Override
    public synchronized void close() {
        stopping = true;
        if (process != null) {
            process.destroyForcibly();
        }
        supervisor.interrupt();
    }
}
