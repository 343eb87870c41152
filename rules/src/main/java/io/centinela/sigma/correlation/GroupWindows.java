package io.centinela.sigma.correlation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Sliding-window evaluation of one correlation for one group: pure functions from (state, contribution, stream
 * time) to (state, matches). Windows span the timespan with inclusive bounds ({@code |t2 - t1| <= timespan}).
 *
 * <ul>
 *   <li>Early windows (growing metric, lower bounds only): on each hit, the window ending at it (and, for a hit
 *       that arrived out of order, each later window that now holds it) is tested.</li>
 *   <li>Closed windows (upper bounds, or averages/medians/shares, which need every hit of the window): windows
 *       tile the group's hits, each starting at the first hit after the previous window's end, and each is tested
 *       once the stream time has passed its end plus the grace period.</li>
 *   <li>Re-fire: an early window may fire only when it starts after the last event of the group's previous match,
 *       so a burst gives one match and the next one needs a window of fresh events; closed windows never
 *       overlap.</li>
 * </ul>
 */
final class GroupWindows {

    private GroupWindows() {
    }

    static Step apply(CompiledCorrelation cc, CorrelationOptions o, List<String> group, GroupState st,
                      Contribution c, long streamTime, boolean derived) {
        GroupState s = st == null ? GroupState.empty() : st;
        long grace = o.grace().toMillis();
        if (!derived && (c.time() < streamTime - grace || (!cc.early() && c.time() <= s.evaluatedUntil()))) {
            return new Step(st, List.of(), Step.Outcome.LATE, 0);
        }
        List<Contribution> entries = new ArrayList<>(s.entries());
        int pos = Collections.binarySearch(entries, c, Contribution.ORDER);
        if (pos >= 0) {
            return new Step(st, List.of(), Step.Outcome.DUPLICATE, 0);
        }
        entries.add(-pos - 1, c);
        int evicted = 0;
        while (entries.size() > o.maxContributionsPerGroup()) {
            entries.remove(0);
            evicted++;
        }
        long lastFired = s.lastFiredEnd();
        List<CorrelationMatch> out = new ArrayList<>(1);
        if (cc.early()) {
            long t = cc.timespanMs();
            int at = Collections.binarySearch(entries, c, Contribution.ORDER);
            for (int j = Math.max(at, 0); at >= 0 && j < entries.size(); j++) {
                long end = entries.get(j).time();
                if (end - t > c.time()) {
                    break;
                }
                if (end - t <= lastFired) {
                    continue;
                }
                int i = firstAtOrAfter(entries, end - t);
                List<Contribution> w = entries.subList(i, j + 1);
                Metrics.Result r = Metrics.evaluate(cc, w);
                if (r.holds()) {
                    out.add(match(cc, o, group, w, end - t, end, r));
                    lastFired = end;
                    break;
                }
            }
        }
        Step adv = advance(cc, o, group, new GroupState(entries, lastFired, s.evaluatedUntil()), Math.max(streamTime, c.time()));
        out.addAll(adv.matches());
        return new Step(adv.state(), out, Step.Outcome.ACCEPTED, evicted);
    }

    static Step advance(CompiledCorrelation cc, CorrelationOptions o, List<String> group, GroupState s, long streamTime) {
        long t = cc.timespanMs();
        long grace = o.grace().toMillis();
        List<Contribution> entries = s.entries();
        long lastFired = s.lastFiredEnd();
        long evaluated = s.evaluatedUntil();
        List<CorrelationMatch> out = new ArrayList<>(0);
        if (!cc.early()) {
            // Closed windows tile the group's hits: each starts at the first hit after the previous window's end.
            int i = 0;
            while (true) {
                while (i < entries.size() && entries.get(i).time() <= evaluated) {
                    i++;
                }
                if (i == entries.size()) {
                    break;
                }
                long start = entries.get(i).time();
                if (!passed(start, t + grace, streamTime)) {
                    break;
                }
                int k = lastAtOrBefore(entries, start + t);
                List<Contribution> w = entries.subList(i, k + 1);
                Metrics.Result r = Metrics.evaluate(cc, w);
                if (r.holds()) {
                    out.add(match(cc, o, group, w, start, start + t, r));
                    lastFired = entries.get(k).time();
                }
                evaluated = start + t;
            }
        }
        // Expiry: an early window ends at a hit no older than streamTime - grace, so it starts no earlier than the
        // horizon; a closed window's hits are never older than its start, and evaluated starts are done.
        long horizon = streamTime == Long.MAX_VALUE ? Long.MAX_VALUE : streamTime - grace - t;
        int drop = 0;
        while (drop < entries.size() && (entries.get(drop).time() < horizon
                || (!cc.early() && entries.get(drop).time() <= evaluated))) {
            drop++;
        }
        List<Contribution> kept = drop == 0 ? entries : entries.subList(drop, entries.size());
        GroupState next = kept.isEmpty() && lastFired < horizon ? null : new GroupState(kept, lastFired, evaluated);
        return new Step(next, out, Step.Outcome.ADVANCED, 0);
    }

    /** The stream time at which {@link #advance} next has work (a window to close, hits to expire). */
    static long nextDeadline(CompiledCorrelation cc, CorrelationOptions o, GroupState s) {
        if (s == null) {
            return Long.MAX_VALUE;
        }
        long t = cc.timespanMs();
        long grace = o.grace().toMillis();
        long d = Long.MAX_VALUE;
        for (Contribution c : s.entries()) {
            if (!cc.early() && c.time() > s.evaluatedUntil()) {
                d = Math.min(d, c.time() + t + grace);
                break;
            }
        }
        long oldest = s.entries().isEmpty() ? s.lastFiredEnd() : s.entries().get(0).time();
        return Math.min(d, oldest + t + grace + 1);
    }

    private static boolean passed(long start, long span, long streamTime) {
        return streamTime == Long.MAX_VALUE || start + span <= streamTime;
    }

    private static int firstAtOrAfter(List<Contribution> entries, long time) {
        int lo = 0, hi = entries.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (entries.get(mid).time() < time) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private static int lastAtOrBefore(List<Contribution> entries, long time) {
        int lo = 0, hi = entries.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (entries.get(mid).time() <= time) lo = mid + 1; else hi = mid;
        }
        return lo - 1;
    }

    static CorrelationMatch match(CompiledCorrelation cc, CorrelationOptions o, List<String> group,
                                  List<Contribution> w, long start, long end, Metrics.Result r) {
        Map<String, String> groupBy = new LinkedHashMap<>();
        List<String> names = cc.source().groupBy();
        for (int i = 0; i < names.size(); i++) {
            groupBy.put(names.get(i), group.get(i));
        }
        int cap = o.maxEventsListed();
        List<String> refs = new ArrayList<>(Math.min(cap, w.size()));
        List<String> excerpts = new ArrayList<>(Math.min(cap, w.size()));
        for (int i = 0; i < w.size() && i < cap; i++) {
            refs.add(w.get(i).eventRef());
            excerpts.add(w.get(i).excerpt());
        }
        List<String> values = r.values().size() > cap ? r.values().subList(0, cap) : r.values();
        return new CorrelationMatch(id(cc.key(), group, w), cc.ruleId(), cc.source().title(),
                cc.source().level() == null ? "" : cc.source().level(), cc.type().yamlName(), groupBy, start, end,
                w.get(0).time(), w.get(w.size() - 1).time(), r.value(), cc.threshold().text(), w.size(), refs, excerpts, values, cc.source().tags(), cc.baseTags(),
                cc.analystFacing());
    }

    /** SHA-256 of correlation key, group values and every contributing event ref, as a UUID-shaped text. */
    static String id(String key, List<String> group, List<Contribution> w) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(key.getBytes(StandardCharsets.UTF_8));
            for (String g : group) {
                md.update((byte) 0);
                md.update(g.getBytes(StandardCharsets.UTF_8));
            }
            md.update((byte) 1);
            for (Contribution c : w) {
                md.update(c.eventRef().getBytes(StandardCharsets.UTF_8));
                md.update((byte) '\n');
            }
            byte[] h = md.digest();
            long hi = 0, lo = 0;
            for (int i = 0; i < 8; i++) {
                hi = (hi << 8) | (h[i] & 0xff);
                lo = (lo << 8) | (h[8 + i] & 0xff);
            }
            return new UUID(hi, lo).toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
