package io.centinela.pipeline;

import io.centinela.alert.Alert;
import io.centinela.alert.ModelDetection;
import io.centinela.event.Event;
import io.centinela.event.EventKind;
import io.centinela.sigma.SigmaEvaluator;
import io.centinela.sigma.SigmaMatch;
import io.centinela.sigma.correlation.Hit;
import io.centinela.yara.EventScanner;
import io.centinela.yara.YaraMatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The analysis stages after parsing, for one chunk of normalised events: Sigma -> YARA -> model (by scoring policy)
 * -> fusion. The one implementation behind both the streaming service ({@link EventAnalyzer}) and the offline
 * {@code scan} command, so the same events give the same alerts (and alert ids) on both paths. Knows nothing of
 * Kafka: the caller decides what a failed event becomes (a dead letter, a counted rejection).
 *
 * <p>Thread-safe as long as each thread passes its own {@link EventScanner} (YARA scanners are per thread).
 */
public final class AnalysisStages {

    private static final Logger LOG = LoggerFactory.getLogger(AnalysisStages.class);

    /**
     * What became of one event: an alert, nothing, or a stage that threw ({@code failure} != null); with the
     * detections behind it (entity risk counts those that raised no alert of their own) and the event's hits of
     * rules that Sigma correlation rules count ({@code correlationHits}, generate:false base rules included).
     */
    public record Outcome(Optional<Alert> alert, List<SigmaMatch> sigma, List<YaraMatch> yara, ModelDetection model,
                          String errorClass, String failure, List<Hit> correlationHits) {

        static Outcome of(Optional<Alert> alert, List<SigmaMatch> sigma, List<YaraMatch> yara, ModelDetection model,
                          List<Hit> hits) {
            return new Outcome(alert, sigma, yara, model, null, null, hits);
        }

        static Outcome failed(String errorClass, String failure) {
            return new Outcome(Optional.empty(), List.of(), List.of(), null, errorClass, failure, List.of());
        }

        public boolean failed() {
            return failure != null;
        }
    }

    /** Per-event outcomes in input order, and how many events the model scored. */
    /**
     * {@code scored}: events the model scored (template-cache hits included); {@code shed}: events eligible for the
     * model (parsed, rules ran) that it did not score, because the policy's kinds or budget left them out or the
     * model failed on their chunk. For every chunk, scored + shed = events whose rule stage did not fail.
     */
    public record ChunkResult(List<Outcome> outcomes, int scored, int shed) {

        public ChunkResult {
            outcomes = List.copyOf(outcomes);
        }
    }

    private static final SigmaEvaluator.Evaluation NONE = new SigmaEvaluator.Evaluation(List.of(), List.of());

    private final AnalysisEngines engines;
    private final ScoringPolicy policy;
    private final BaselineStage baseline;

    public AnalysisStages(AnalysisEngines engines, ScoringPolicy policy) {
        this(engines, policy, null);
    }

    /**
     * @param baseline null = no site baseline; else the scored events are embedded in the same forward pass, fused
     *                 with their novelty and then learned from (docs/baseline.md)
     */
    public AnalysisStages(AnalysisEngines engines, ScoringPolicy policy, BaselineStage baseline) {
        this.engines = engines;
        this.policy = policy;
        this.baseline = baseline;
    }

    public AnalysisEngines engines() {
        return engines;
    }

    /**
     * Runs the stages over {@code events}; {@code scanner} null = no YARA. A model failure is logged and the chunk
     * falls back to rules only (the rule hits are still alerted), as the service does.
     */
    public ChunkResult analyze(List<Event> events, EventScanner scanner) {
        int n = events.size();
        List<List<SigmaMatch>> sigma = new ArrayList<>(n);
        List<List<YaraMatch>> yara = new ArrayList<>(n);
        List<List<Hit>> hits = new ArrayList<>(n);
        boolean[] hit = new boolean[n];
        Outcome[] out = new Outcome[n];
        for (int i = 0; i < n; i++) {
            Event e = events.get(i);
            try {
                SigmaEvaluator.Evaluation ev = engines.sigma() == null ? NONE : engines.sigma().evaluateForCorrelation(e);
                List<SigmaMatch> s = ev.matches();
                List<YaraMatch> y = scanner == null ? List.of() : scanner.scan(e);
                sigma.add(s);
                hits.add(ev.hits());
                yara.add(y);
                hit[i] = !s.isEmpty() || !y.isEmpty();
            } catch (RuntimeException ex) {
                sigma.add(List.of());
                yara.add(List.of());
                hits.add(List.of());
                out[i] = Outcome.failed(ex.getClass().getSimpleName(), "rule evaluation failed: " + ex.getMessage());
            }
        }
        ModelDetection[] model = new ModelDetection[n];
        io.centinela.model.ThreatScorer.Embedded[] embedded = baseline == null ? null
                : new io.centinela.model.ThreatScorer.Embedded[n];
        int scored = 0;
        int eligible = 0;
        for (Outcome o : out) {
            eligible += o == null ? 1 : 0;
        }
        if (engines.model() != null && n > 0) {
            // the policy chooses among the eligible events only, so a failed rule stage never uses up its budget
            List<Integer> eligibleAt = new ArrayList<>(n);
            List<EventKind> kinds = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                if (out[i] == null) {
                    eligibleAt.add(i);
                    kinds.add(events.get(i).kind());
                }
            }
            boolean[] eligibleHit = new boolean[eligibleAt.size()];
            for (int k = 0; k < eligibleHit.length; k++) {
                eligibleHit[k] = hit[eligibleAt.get(k)];
            }
            List<Integer> pick = new ArrayList<>();
            for (int k : policy.select(kinds, eligibleHit)) {
                pick.add(eligibleAt.get(k));
            }
            if (!pick.isEmpty()) {
                List<Event> toScore = new ArrayList<>(pick.size());
                for (int i : pick) {
                    toScore.add(events.get(i));
                }
                try {
                    if (embedded == null) {
                        List<ModelDetection> d = engines.model().score(toScore, true);
                        for (int k = 0; k < pick.size(); k++) {
                            model[pick.get(k)] = d.get(k);
                        }
                    } else {
                        List<io.centinela.model.ThreatScorer.Embedded> d = engines.model().scoreEmbedded(toScore, true);
                        for (int k = 0; k < pick.size(); k++) {
                            model[pick.get(k)] = d.get(k).detection();
                            embedded[pick.get(k)] = d.get(k);
                        }
                    }
                    scored = pick.size();
                } catch (RuntimeException ex) {
                    LOG.warn("model scoring failed for a chunk of {} events; alerts rely on rules only: {}", pick.size(), ex.toString());
                }
            }
        }
        List<io.centinela.baseline.SiteBaseline.Sample> samples = null;
        io.centinela.baseline.SiteBaseline.Novelty[] novelty = new io.centinela.baseline.SiteBaseline.Novelty[n];
        if (embedded != null && scored > 0) {
            try {
                samples = baseline.samples(events, embedded);
                novelty = baseline.assess(samples);
            } catch (RuntimeException ex) {
                samples = null;
                LOG.warn("site baseline failed for a chunk of {} events; fused without it: {}", n, ex.toString());
            }
        }
        for (int i = 0; i < n; i++) {
            if (out[i] != null) {
                continue;
            }
            try {
                out[i] = Outcome.of(engines.fusion().fuse(events.get(i), sigma.get(i), yara.get(i), model[i],
                                novelty[i]), sigma.get(i), yara.get(i), model[i], hits.get(i));
            } catch (RuntimeException ex) {
                out[i] = Outcome.failed(ex.getClass().getSimpleName(), "fusion failed: " + ex.getMessage());
            }
        }
        if (samples != null) {
            List<io.centinela.baseline.SiteBaseline.Sample> teach = new ArrayList<>(samples);
            List<Optional<Alert>> alerts = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                if (out[i].failed()) {
                    teach.set(i, null); // a failed event is dead-lettered, not learned
                }
                alerts.add(out[i].alert());
            }
            // a base-rule hit that only a correlation counts (a failed logon of a spraying run) is not learned either
            boolean[] detected = hit.clone();
            for (int i = 0; i < n; i++) {
                detected[i] |= !hits.get(i).isEmpty();
            }
            try {
                baseline.learn(teach, detected, alerts);
            } catch (RuntimeException ex) {
                LOG.warn("site baseline could not learn a chunk of {} events: {}", n, ex.toString());
            }
        }
        return new ChunkResult(List.of(out), scored, engines.model() == null ? 0 : eligible - scored);
    }
}
