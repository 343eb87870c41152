package io.centinela.model.serve;

import io.centinela.alert.ModelDetection;
import io.centinela.event.Event;
import io.centinela.model.ThreatScorer;
import io.centinela.model.pkg.ModelConfig;
import io.centinela.model.pkg.ModelPackage;
import io.centinela.text.EventText;
import io.centinela.text.ModelTokenizer;
import io.centinela.text.TextRendering;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The {@link ThreatScorer} the connector uses: renders each event ({@link EventText}), looks the text up in the
 * score cache, tokenizes the misses, and scores them through the {@link DynamicBatcher} (ONNX Runtime via DJL).
 * Attribution is occlusion of rendered fields: the event is re-scored once per field with that field left out,
 * and {@code delta = score - score without the field}. Thread-safe.
 */
public final class ClassifierScorer implements ThreatScorer {

    /** Fields reported per event when attribution is asked for. */
    public static final int MAX_ATTRIBUTIONS = 5;
    private static final int TOKENIZE_CHUNK = 64;

    private final ModelConfig config;
    private final TextRendering rendering;
    private final ModelTokenizer tokenizer;
    private final EncoderSession session;
    private final DynamicBatcher batcher;
    private final ScoreCache cache;
    private final DeviceChoice.Decision device;
    private final Path encoderFile;

    public ClassifierScorer(ModelPackage pkg, ScorerOptions options) {
        this.config = pkg.config();
        this.rendering = config.rendering();
        this.device = DeviceChoice.decide(options.device());
        MergedModel.Built built = MergedModel.build(pkg, options.precision(), options.cacheDir());
        this.encoderFile = built.onnx();
        try {
            this.tokenizer = ModelTokenizer.fromFile(pkg.tokenizer(), config.maxLength())
                    .withDomainMaxLength(config.domainMaxLength());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the tokenizer of " + pkg.dir(), e);
        }
        this.session = new EncoderSession(built, options.threads(), device);
        this.batcher = new DynamicBatcher(session, options.maxBatch(), options.maxWaitMicros());
        this.cache = new ScoreCache(options.cacheSize());
    }

    /** Loads and verifies the package, then opens it for scoring. */
    public static ClassifierScorer open(Path packageDir, ScorerOptions options) {
        return new ClassifierScorer(ModelPackage.load(packageDir), options);
    }

    @Override
    public List<ModelDetection> score(List<Event> events, boolean withAttribution) {
        List<EventText.Rendered> rendered = new ArrayList<>(events.size());
        List<String> texts = new ArrayList<>();
        for (Event e : events) {
            EventText.Rendered r = EventText.render(e, rendering);
            rendered.add(r);
            texts.add(r.text());
            if (withAttribution) {
                for (int i = 0; i < r.parts().size(); i++) {
                    texts.add(r.without(i));
                }
            }
        }
        float[] scores = scoreTexts(texts);
        List<ModelDetection> out = new ArrayList<>(events.size());
        int k = 0;
        for (EventText.Rendered r : rendered) {
            float full = scores[k++];
            List<ModelDetection.Attribution> attr = new ArrayList<>();
            if (withAttribution) {
                for (EventText.Part p : r.parts()) {
                    attr.add(new ModelDetection.Attribution(p.field(), full - scores[k++]));
                }
                attr.sort(Comparator.comparingDouble((ModelDetection.Attribution a) -> -Math.abs(a.delta())));
                if (attr.size() > MAX_ATTRIBUTIONS) {
                    attr = attr.subList(0, MAX_ATTRIBUTIONS);
                }
            }
            out.add(new ModelDetection(config.name(), config.version(), full, thresholdFor(r.domain()), attr));
        }
        return out;
    }

    /**
     * As {@link #score}, with each event's pooled embedding from the same forward pass (cached with the score, so a
     * repeated text is encoded once); the attribution re-scores go through the score-only path.
     */
    @Override
    public List<Embedded> scoreEmbedded(List<Event> events, boolean withAttribution) {
        List<EventText.Rendered> rendered = new ArrayList<>(events.size());
        List<String> full = new ArrayList<>(events.size());
        List<String> occluded = new ArrayList<>();
        for (Event e : events) {
            EventText.Rendered r = EventText.render(e);
            rendered.add(r);
            full.add(r.text());
            if (withAttribution) {
                for (int i = 0; i < r.parts().size(); i++) {
                    occluded.add(r.without(i));
                }
            }
        }
        Embeddings emb = embedTexts(full);
        float[] partial = occluded.isEmpty() ? new float[0] : scoreTexts(occluded);
        List<Embedded> out = new ArrayList<>(events.size());
        int k = 0;
        for (int j = 0; j < rendered.size(); j++) {
            EventText.Rendered r = rendered.get(j);
            float score = emb.scores()[j];
            List<ModelDetection.Attribution> attr = new ArrayList<>();
            if (withAttribution) {
                for (EventText.Part p : r.parts()) {
                    attr.add(new ModelDetection.Attribution(p.field(), score - partial[k++]));
                }
                attr.sort(Comparator.comparingDouble((ModelDetection.Attribution a) -> -Math.abs(a.delta())));
                if (attr.size() > MAX_ATTRIBUTIONS) {
                    attr = attr.subList(0, MAX_ATTRIBUTIONS);
                }
            }
            out.add(new Embedded(new ModelDetection(config.name(), config.version(), score, thresholdFor(r.domain()),
                    attr), r.kind(), r.text(), emb.vectors()[j]));
        }
        return out;
    }

    /** The domain's threshold from the package (chosen on that domain's dev split), else the global one. */
    public double thresholdFor(String domain) {
        Double t = config.domainThresholds() == null ? null : config.domainThresholds().get(domain);
        return t != null ? t : config.threshold();
    }

    /** Scores already rendered texts (eval, bench). Duplicates within the call are scored once. */
    public float[] scoreTexts(List<String> texts) {
        float[] out = new float[texts.size()];
        Map<String, List<Integer>> pending = new HashMap<>();
        for (int i = 0; i < texts.size(); i++) {
            String t = texts.get(i) == null ? "" : texts.get(i);
            Float c = cache.get(t);
            if (c != null) {
                out[i] = c;
            } else {
                pending.computeIfAbsent(t, x -> new ArrayList<>()).add(i);
            }
        }
        if (pending.isEmpty()) {
            return out;
        }
        List<String> unique = new ArrayList<>(pending.keySet());
        List<CompletableFuture<Float>> futures = new ArrayList<>(unique.size());
        // Tokenize in chunks and submit each at once, so the encoder starts on the first chunk meanwhile.
        for (int s = 0; s < unique.size(); s += TOKENIZE_CHUNK) {
            for (long[] x : tokenizer.encode(unique.subList(s, Math.min(unique.size(), s + TOKENIZE_CHUNK)))) {
                futures.add(batcher.submit(x));
            }
        }
        for (int u = 0; u < unique.size(); u++) {
            float s;
            try {
                s = futures.get(u).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while scoring", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("scoring failed: " + e.getCause().getMessage(), e.getCause());
            }
            cache.put(unique.get(u), s);
            for (int i : pending.get(unique.get(u))) {
                out[i] = s;
            }
        }
        return out;
    }

    /** Scores and pooled sentence embeddings of rendered texts, one row per text. */
    public record Embeddings(float[] scores, float[][] vectors) {
    }

    /**
     * Scores and the encoder's mean-pooled sentence embeddings (the head's input, 384 floats) of rendered texts,
     * for the site baseline. The scores are the ones {@link #scoreTexts} gives (same encoder, same head); both are
     * cached together (a text cached by {@link #scoreTexts} alone is encoded again, once). Duplicates within the
     * call are encoded once. The returned arrays may be shared with the cache: do not change them.
     */
    public Embeddings embedTexts(List<String> texts) {
        float[] scores = new float[texts.size()];
        float[][] vectors = new float[texts.size()][];
        Map<String, List<Integer>> pending = new java.util.LinkedHashMap<>();
        for (int i = 0; i < texts.size(); i++) {
            String t = texts.get(i) == null ? "" : texts.get(i);
            ScoreCache.Entry c = cache.getEmbedded(t);
            if (c != null) {
                scores[i] = c.score();
                vectors[i] = c.embedding();
            } else {
                pending.computeIfAbsent(t, x -> new ArrayList<>()).add(i);
            }
        }
        List<String> unique = new ArrayList<>(pending.keySet());
        List<CompletableFuture<DynamicBatcher.Embedded>> futures = new ArrayList<>(unique.size());
        for (int s = 0; s < unique.size(); s += TOKENIZE_CHUNK) {
            for (long[] x : tokenizer.encode(unique.subList(s, Math.min(unique.size(), s + TOKENIZE_CHUNK)))) {
                futures.add(batcher.submitEmbedding(x));
            }
        }
        for (int u = 0; u < unique.size(); u++) {
            DynamicBatcher.Embedded e;
            try {
                e = futures.get(u).get();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while scoring", ex);
            } catch (ExecutionException ex) {
                throw new IllegalStateException("scoring failed: " + ex.getCause().getMessage(), ex.getCause());
            }
            cache.put(unique.get(u), e.score(), e.embedding());
            for (int i : pending.get(unique.get(u))) {
                scores[i] = e.score();
                vectors[i] = e.embedding();
            }
        }
        return new Embeddings(scores, vectors);
    }

    public ModelTokenizer tokenizer() {
        return tokenizer;
    }

    public ScoreCache cache() {
        return cache;
    }

    public DeviceChoice.Decision device() {
        return device;
    }

    public Path encoderFile() {
        return encoderFile;
    }

    public DynamicBatcher batcher() {
        return batcher;
    }

    public ModelConfig config() {
        return config;
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public String version() {
        return config.version();
    }

    @Override
    public double threshold() {
        return config.threshold();
    }

    @Override
    public void close() {
        batcher.close();
        session.close();
        tokenizer.close();
    }
}
