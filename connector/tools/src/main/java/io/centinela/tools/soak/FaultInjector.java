package io.centinela.tools.soak;

import io.centinela.testkit.EmbeddedKafkaBroker;
import io.centinela.testkit.HecTestServer;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Plays a {@link FaultSchedule} against the HEC server, the broker and the supervised connector, and counts per kind
 * the windows injected and the requests (or kills) that met them: a window no request met proves nothing, so the
 * table shows both. Runs on its own thread; the counters are read once it finished ({@link Thread#join}).
 */
final class FaultInjector implements Runnable {

    /** Marker texts for code-6 refusals: each appears in a part of the alerts (their host or dest). */
    static final List<String> CODE6_MARKERS = List.of("WS-HR-003", "WS-FIN-014", "web-01", "mx-01", "WS-DEV-021");

    private final FaultSchedule schedule;
    private final long startMillis;
    private final HecTestServer hec;
    private final EmbeddedKafkaBroker broker;
    private final SupervisedConnector connector;
    private final Consumer<String> log;
    final Map<FaultSchedule.Kind, Integer> injected = new EnumMap<>(FaultSchedule.Kind.class);
    final Map<FaultSchedule.Kind, Long> hits = new EnumMap<>(FaultSchedule.Kind.class);
    volatile FaultSchedule.Kind current;

    FaultInjector(FaultSchedule schedule, long startMillis, HecTestServer hec, EmbeddedKafkaBroker broker,
                  SupervisedConnector connector, Consumer<String> log) {
        this.schedule = schedule;
        this.startMillis = startMillis;
        this.hec = hec;
        this.broker = broker;
        this.connector = connector;
        this.log = log;
    }

    @Override
    public void run() {
        try {
            for (FaultSchedule.Window w : schedule.windows()) {
                sleepUntil(startMillis + w.atMillis());
                current = w.kind();
                log.accept(String.format("fault %s for %.1f s%s", w.kind().label, w.durationMillis() / 1000.0,
                        w.kind() == FaultSchedule.Kind.HEC_SLOW ? " (" + w.param() + " ms per answer)"
                                : w.kind() == FaultSchedule.Kind.HEC_400_CODE6 ? " (alerts containing \""
                                + CODE6_MARKERS.get((int) w.param()) + "\")" : ""));
                long hit = inject(w);
                injected.merge(w.kind(), 1, Integer::sum);
                hits.merge(w.kind(), hit, Long::sum);
                current = null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            heal();
        }
    }

    /** Applies one window and undoes it; returns how many requests (or kills) met it. */
    private long inject(FaultSchedule.Window w) throws InterruptedException {
        long d = w.durationMillis();
        switch (w.kind()) {
            case HEC_200_HTML, HEC_301 -> {
                long before = hec.notHecAnswers();
                hec.notHec(w.kind() == FaultSchedule.Kind.HEC_200_HTML ? HecTestServer.NotHec.LOGIN_PAGE
                        : HecTestServer.NotHec.REDIRECT);
                try {
                    Thread.sleep(d);
                } finally {
                    hec.notHec(HecTestServer.NotHec.OFF);
                }
                return hec.notHecAnswers() - before;
            }
            case HEC_503 -> {
                long before = hec.responses(503);
                hec.stormFor(d);
                Thread.sleep(d);
                return hec.responses(503) - before;
            }
            case HEC_400_CODE6 -> {
                long before = hec.refusedObjects();
                hec.rejectEventsContaining(CODE6_MARKERS.get((int) w.param()));
                try {
                    Thread.sleep(d);
                } finally {
                    hec.rejectEventsContaining(null);
                }
                return hec.refusedObjects() - before;
            }
            case HEC_SLOW -> {
                long before = hec.requests();
                hec.delayMillis(w.param());
                try {
                    Thread.sleep(d);
                } finally {
                    hec.delayMillis(0);
                }
                return hec.requests() - before;
            }
            case BROKER_RESTART -> {
                broker.stop();
                try {
                    Thread.sleep(d);
                } finally {
                    broker.start();
                }
                return 1;
            }
            case CONNECTOR_KILL9 -> {
                // a kill while the supervisor is between restarts would prove nothing: wait for a live child
                for (int i = 0; i < 300 && !connector.running(); i++) {
                    Thread.sleep(100);
                }
                return connector.kill9() ? 1 : 0;
            }
            default -> throw new IllegalStateException(w.kind().name());
        }
    }

    /** Everything back to normal (also when interrupted mid-window). */
    private void heal() {
        hec.notHec(HecTestServer.NotHec.OFF);
        hec.rejectEventsContaining(null);
        hec.delayMillis(0);
        hec.stormFor(0);
        if (!broker.running()) {
            broker.start();
        }
    }

    private static void sleepUntil(long atMillis) throws InterruptedException {
        long wait = atMillis - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }
}
