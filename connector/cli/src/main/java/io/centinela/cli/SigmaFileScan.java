package io.centinela.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.centinela.event.Event;
import io.centinela.event.EventFileReader;
import io.centinela.event.EventFormat;
import io.centinela.event.EventParser;
import io.centinela.event.EventRejectedException;
import io.centinela.sigma.SigmaEvaluator;
import io.centinela.sigma.SigmaMatch;
import io.centinela.sigma.correlation.CorrelationMatch;
import io.centinela.sigma.correlation.CorrelationScan;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The {@code sigma scan} pipeline: file -> parse -> normalise -> evaluate -> JSON lines, with the same output as a
 * one-thread loop. The calling thread only splits documents (cheap) and emits results in file order (correlation in
 * event time, printing, counting); {@code workers} threads parse, normalise, evaluate and render the match lines of
 * batches of {@value #BATCH} documents (or 4 MiB), because parsing and the rules are the costs (about 13 + 18 us per Windows
 * event) and both are independent per event. At most {@code 2 * workers + 2} batches are in flight, which bounds
 * memory (under 40 MB of documents with two workers). {@code workers == 0} runs everything on the calling thread.
 *
 * <p>Thread ownership: the counters, the hit tables and the {@link CorrelationScan} belong to the calling thread;
 * workers touch only their batch (the parser, the rule set and the ObjectMapper are thread-safe). One scan per
 * instance at a time.
 */
public final class SigmaFileScan {

    static final int BATCH = 256;
    /** A batch also ends at 4 MiB of documents, so the in-flight batches hold tens of MB even with 1 MiB events. */
    static final long BATCH_BYTES = 4L << 20;

    /** Counts of one scan, and hits per title (with its level) in first-seen order. */
    public record Summary(long events, long rejected, long withMatches, long printed,
                          Map<String, long[]> hits, Map<String, String> levels, Map<String, long[]> correlationHits) {
    }

    /** One document's outcome: an error line, or its event (kept only when it matched) and rendered matches. */
    private record Outcome(String error, Event event, List<SigmaMatch> matches, List<String> lines) {
    }

    private final SigmaEvaluator rules;
    private final EventParser parser;
    private final ObjectMapper json = new ObjectMapper();
    private final int workers;
    private final int batch;
    private final long batchBytes;

    public SigmaFileScan(SigmaEvaluator rules, EventParser parser, int workers) {
        this(rules, parser, workers, BATCH, BATCH_BYTES);
    }

    SigmaFileScan(SigmaEvaluator rules, EventParser parser, int workers, int batch, long batchBytes) {
        if (workers < 0 || batch < 1 || batchBytes < 1) {
            throw new IllegalArgumentException("workers must be >= 0, batch and batchBytes >= 1");
        }
        this.batchBytes = batchBytes;
        this.rules = rules;
        this.parser = parser;
        this.workers = workers;
        this.batch = batch;
    }

    /** Scans every document of {@code docs}; match lines to {@code out}, rejected documents to {@code err}. */
    public Summary run(EventFileReader docs, CorrelationScan corr, PrintStream out, PrintStream err)
            throws JsonProcessingException {
        Emitter emit = new Emitter(corr, out, err);
        if (workers == 0) {
            while (docs.hasNext()) {
                emit.accept(process(docs.next()));
            }
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
                Thread t = new Thread(r, "sigma-scan-worker");
                t.setDaemon(true);
                return t;
            });
            try {
                ArrayDeque<Future<List<Outcome>>> inFlight = new ArrayDeque<>();
                while (docs.hasNext()) {
                    List<EventFileReader.Document> docsOfBatch = new ArrayList<>(batch);
                    long bytes = 0;
                    while (docsOfBatch.size() < batch && bytes < batchBytes && docs.hasNext()) {
                        EventFileReader.Document d = docs.next();
                        bytes += d.bytes().length;
                        docsOfBatch.add(d);
                    }
                    inFlight.add(pool.submit(() -> processAll(docsOfBatch)));
                    if (inFlight.size() >= 2 * workers + 2) {
                        emit.acceptAll(await(inFlight.poll()));
                    }
                }
                while (!inFlight.isEmpty()) {
                    emit.acceptAll(await(inFlight.poll()));
                }
            } finally {
                pool.shutdownNow();
            }
        }
        for (CorrelationMatch cm : corr.finish()) {
            emit.correlation(cm);
        }
        out.flush();
        return new Summary(emit.n, emit.bad, emit.matched, emit.printed, emit.hits, emit.levels, emit.corrHits);
    }

    private static List<Outcome> await(Future<List<Outcome>> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while scanning", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private List<Outcome> processAll(List<EventFileReader.Document> batch) throws JsonProcessingException {
        List<Outcome> r = new ArrayList<>(batch.size());
        for (EventFileReader.Document d : batch) {
            r.add(process(d));
        }
        return r;
    }

    private Outcome process(EventFileReader.Document doc) throws JsonProcessingException {
        Event e;
        try {
            e = doc.parse(parser, EventFormat.AUTO);
        } catch (EventRejectedException ex) {
            return new Outcome(String.format("%s: event rejected (%s): %s", doc.where(), ex.reason(), ex.getMessage()),
                    null, List.of(), List.of());
        }
        List<SigmaMatch> ms = rules.evaluate(e);
        if (ms.isEmpty()) {
            return new Outcome(null, null, ms, List.of()); // the event is not kept: the batch stays small
        }
        List<String> lines = new ArrayList<>(ms.size());
        for (SigmaMatch m : ms) {
            lines.add(matchLine(e, m));
        }
        return new Outcome(null, e, ms, lines);
    }

    private String matchLine(Event e, SigmaMatch m) throws JsonProcessingException {
        ObjectNode o = json.createObjectNode();
        o.put("event", e.origin().key());
        o.put("rule_id", m.id());
        o.put("title", m.title());
        o.put("level", m.level());
        o.put("status", m.status());
        o.put("author", m.author());
        o.set("tags", json.valueToTree(m.tags()));
        o.set("attack_techniques", json.valueToTree(m.attackTechniques()));
        o.set("attack_tactics", json.valueToTree(m.attackTactics()));
        o.set("references", json.valueToTree(m.references()));
        o.set("matched_selections", json.valueToTree(m.matchedSelections()));
        o.set("matched_fields", json.valueToTree(m.matchedFields()));
        return json.writeValueAsString(o);
    }

    /** The in-order half, on the calling thread. */
    private final class Emitter {
        final CorrelationScan corr;
        final PrintStream out;
        final PrintStream err;
        final Map<String, long[]> hits = new LinkedHashMap<>();
        final Map<String, String> levels = new LinkedHashMap<>();
        final Map<String, long[]> corrHits = new LinkedHashMap<>();
        long n, bad, matched, printed;

        Emitter(CorrelationScan corr, PrintStream out, PrintStream err) {
            this.corr = corr;
            this.out = out;
            this.err = err;
        }

        void acceptAll(List<Outcome> os) throws JsonProcessingException {
            for (Outcome o : os) {
                accept(o);
            }
        }

        void accept(Outcome o) throws JsonProcessingException {
            n++;
            if (o.error() != null) {
                bad++;
                err.println(o.error());
                return;
            }
            if (o.matches().isEmpty()) {
                return;
            }
            matched++;
            for (CorrelationMatch cm : corr.accept(o.event(), o.matches())) {
                correlation(cm);
            }
            for (int i = 0; i < o.matches().size(); i++) {
                SigmaMatch m = o.matches().get(i);
                if (!corr.standalone(m)) {
                    continue;
                }
                out.println(o.lines().get(i));
                printed++;
                hits.computeIfAbsent(m.title(), k -> new long[1])[0]++;
                levels.put(m.title(), m.level());
            }
        }

        void correlation(CorrelationMatch cm) throws JsonProcessingException {
            if (!cm.analystFacing()) {
                return; // only feeds a correlation that references it (generate: false)
            }
            out.println(json.writeValueAsString(CorrelationScan.toJson(cm, json)));
            printed++;
            corrHits.computeIfAbsent(cm.title(), k -> new long[1])[0]++;
        }
    }
}
