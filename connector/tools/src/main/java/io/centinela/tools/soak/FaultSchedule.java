package io.centinela.tools.soak;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The soak's faults, drawn once from a seed: windows one after another (never overlapping, so each outcome can be
 * told apart), every kind in turn (a shuffled round), inside {@code [10 %, 80 %]} of the run so the last fifth is
 * fault-free and the stream drains. Durations and gaps scale with the run (a 30-minute soak gets the full ranges;
 * a one-minute test the floors). Immutable.
 */
record FaultSchedule(List<Window> windows) {

    /** What goes wrong. */
    enum Kind {
        HEC_200_HTML("HEC 200 text/html (login page)"),
        HEC_301("HEC 301 redirect"),
        HEC_503("HEC 503 storm (code 9)"),
        HEC_400_CODE6("HEC 400 code 6 for some alerts"),
        HEC_SLOW("HEC slow answers"),
        BROKER_RESTART("broker restart"),
        CONNECTOR_KILL9("connector kill -9");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /**
     * One fault: from {@code atMillis} after the start, for {@code durationMillis}; {@code param} is the slow
     * answer's delay (ms) or the index of the code-6 marker, else 0.
     */
    record Window(Kind kind, long atMillis, long durationMillis, long param) {
    }

    FaultSchedule {
        windows = List.copyOf(windows);
    }

    /** Full-length ranges in seconds {min, max} per kind (kill -9 is instantaneous), for a 30-minute run. */
    private static long[] range(Kind k) {
        return switch (k) {
            case HEC_200_HTML, HEC_301 -> new long[] {5, 20};
            case HEC_503 -> new long[] {5, 40};
            case HEC_400_CODE6 -> new long[] {10, 30};
            case HEC_SLOW -> new long[] {10, 40};
            case BROKER_RESTART -> new long[] {2, 8};
            case CONNECTOR_KILL9 -> new long[] {0, 0};
        };
    }

    static FaultSchedule draw(long seed, long runMillis, int markers) {
        Random r = new Random(seed);
        double scale = Math.min(1.0, runMillis / 1_800_000.0);
        long from = runMillis / 10;
        long until = runMillis * 8 / 10;
        List<Window> out = new ArrayList<>();
        List<Kind> round = new ArrayList<>();
        long t = from;
        while (true) {
            if (round.isEmpty()) {
                round.addAll(List.of(Kind.values()));
                Collections.shuffle(round, r);
            }
            Kind k = round.remove(0);
            long[] range = range(k);
            long d = k == Kind.CONNECTOR_KILL9 ? 0
                    : Math.max(2000, (long) ((range[0] + r.nextDouble() * (range[1] - range[0])) * 1000 * scale));
            if (t + d > until) {
                break;
            }
            long param = switch (k) {
                case HEC_SLOW -> 200 + r.nextInt(2800);
                case HEC_400_CODE6 -> r.nextInt(markers);
                default -> 0;
            };
            out.add(new Window(k, t, d, param));
            t += d + Math.max(3000, (long) ((10 + r.nextDouble() * 50) * 1000 * scale));
        }
        return new FaultSchedule(out);
    }
}
