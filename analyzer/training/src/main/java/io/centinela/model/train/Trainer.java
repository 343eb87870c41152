package io.centinela.model.train;

import io.centinela.model.serve.RuntimeSettings;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.centinela.model.metrics.BinaryMetrics;
import io.centinela.model.onnx.MiniLmWeights;
import io.centinela.model.pkg.ModelConfig;
import io.centinela.model.pkg.PackageWriter;
import io.centinela.model.pkg.SafeTensors;
import io.centinela.text.ModelTokenizer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Fine-tunes the MiniLM classifier on the PyTorch engine: length-bucketed batches, class-weighted binary
 * cross-entropy, AdamW with warm-up and cosine decay, gradient accumulation, global-norm clipping, evaluation on
 * dev every {@code evalEvery} steps with early stopping, and a model package written whenever dev improves (so an
 * interrupted run still leaves the best model so far).
 */
public final class Trainer {

    /** Result of a run. */
    public record Result(Path packageDir, double bestScore, int steps, double secondsPerStep, Map<String, Object> metrics) {
    }

    private final TrainConfig cfg;
    private final PrintStream log;

    public Trainer(TrainConfig cfg, PrintStream log) {
        this.cfg = cfg;
        this.log = log;
    }

    /** A tokenized example. */
    record Item(Example ex, long[] ids) {
    }

    public Result run() throws IOException {
        RuntimeSettings.apply(cfg.threads());
        Random rnd = new Random(cfg.seed());
        LabelledData.Filter filter = new LabelledData.Filter(cfg.excludeSources(), cfg.excludeCategories());
        List<PackageWriter.DataFile> dataFiles = new ArrayList<>();
        List<Example> train = new ArrayList<>();
        for (Path f : cfg.trainFiles()) {
            LabelledData.Loaded l = LabelledData.load(f, filter);
            l.errors().forEach(e -> log.println("skipped: " + e));
            train.addAll(l.examples());
            dataFiles.add(new PackageWriter.DataFile(f.toString(), l.sha256(), l.examples().size()));
        }
        train = LabelledData.capPerClass(train, cfg.maxPerClass(), cfg.seed());
        if (cfg.augmentCommands()) {
            List<Example> aug = CommandAugmenter.augment(train, cfg.augmentFraction(), new Random(cfg.seed() + 7),
                    cfg.augmentBenign());
            log.printf("adversarial augmentation: +%d obfuscated command-line examples (%s)%n", aug.size(),
                    cfg.augmentBenign() ? "malicious and benign" : "malicious only");
            train.addAll(aug);
        }
        List<Example> dev = new ArrayList<>();
        for (Path f : cfg.devFiles()) {
            LabelledData.Loaded l = LabelledData.load(f, filter);
            List<Example> d = LabelledData.capPerClass(l.examples(), cfg.maxDevPerDomain() / 2, cfg.seed());
            dev.addAll(d);
            dataFiles.add(new PackageWriter.DataFile(f.toString(), l.sha256(), d.size()));
        }
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no training examples (check --train files and filters)");
        }
        log.printf("train: %d examples (%s); dev: %d%n", train.size(), countBy(train), dev.size());

        byte[] baseBytes = MiniLmWeights.readResource(MiniLmWeights.FP32_RESOURCE);
        String baseSha = LabelledData.sha256(baseBytes);
        MiniLmWeights base = MiniLmWeights.load(baseBytes);
        baseBytes = null;
        List<Item> trainItems;
        List<Item> devItems;
        try (ModelTokenizer tok = ModelTokenizer.fromStream(
                MiniLmWeights.class.getClassLoader().getResourceAsStream(MiniLmWeights.TOKENIZER_RESOURCE), cfg.maxLength())) {
            ModelTokenizer cut = tok.withDomainMaxLength(cfg.domainMaxLength());
            trainItems = tokenize(cut, train);
            devItems = tokenize(cut, dev);
        }
        double posWeight = 1.0;
        double negWeight = 1.0;
        if (cfg.classWeighting()) {
            long pos = train.stream().filter(e -> e.label() == 1).count();
            long neg = train.size() - pos;
            posWeight = train.size() / (2.0 * Math.max(1, pos));
            negWeight = train.size() / (2.0 * Math.max(1, neg));
        }
        int microPerEpoch = (trainItems.size() + cfg.batchSize() - 1) / cfg.batchSize();
        int stepsPerEpoch = Math.max(1, microPerEpoch / cfg.gradAccumulation());
        int totalSteps = stepsPerEpoch * cfg.epochs();
        if (cfg.maxSteps() > 0) {
            totalSteps = Math.min(totalSteps, cfg.maxSteps());
        }
        int evalEvery = cfg.evalEvery() > 0 ? cfg.evalEvery() : stepsPerEpoch;
        LrSchedule lr = new LrSchedule(cfg.learningRate(), (int) Math.round(totalSteps * cfg.warmupFraction()), totalSteps);
        log.printf("steps: %d per epoch, %d total, eval every %d; class weights pos %.3f neg %.3f%n",
                stepsPerEpoch, totalSteps, evalEvery, posWeight, negWeight);

        Files.createDirectories(cfg.output().toAbsolutePath().getParent());
        Path work = cfg.output().resolveSibling(cfg.output().getFileName() + ".work");
        Files.createDirectories(work);
        TrainingLog tlog = new TrainingLog(work.resolve("training-log.csv"), work.resolve("training.png"));

        Engine engine = Engine.getEngine("PyTorch");
        double best = Double.NEGATIVE_INFINITY;
        int sinceBest = 0;
        int step = 0;
        int skipped = 0;
        long trainStart = System.nanoTime();
        Map<String, Object> bestMetrics = Map.of();
        try (NDManager root = engine.newBaseManager()) {
            BertEncoder enc = new BertEncoder(root, base, cfg.loraRank(), cfg.loraAlpha(), cfg.loraTargets(),
                    cfg.dropout(), cfg.fullFineTune(), cfg.seed(), cfg.layers());
            base = null;
            if (cfg.resumeAdapter() != null) {
                AdapterIo.load(enc, SafeTensors.read(cfg.resumeAdapter()));
                log.println("resumed adapter from " + cfg.resumeAdapter());
            }
            Map<String, NDArray> params = enc.trainable();
            long nParams = params.values().stream().mapToLong(a -> a.getShape().size()).sum();
            log.printf("trainable parameters: %,d (%s)%n", nParams, cfg.fullFineTune() ? "full fine-tune, word embeddings frozen"
                    : "LoRA r=" + cfg.loraRank() + " alpha=" + cfg.loraAlpha() + " on " + cfg.loraTargets() + " + head");
            AdamW opt = new AdamW(root, params, cfg.weightDecay());
            DpSgd dp = cfg.dpSgd() ? new DpSgd(cfg.dpClip(), cfg.dpNoiseMultiplier(), new Random(cfg.seed() + 11)) : null;
            boolean stop = false;
            double lossSum = 0;
            int lossCount = 0;
            long seqCount = 0;
            long tokenCount = 0;
            long t0 = System.nanoTime();
            outer:
            for (int epoch = 1; epoch <= cfg.epochs(); epoch++) {
                List<List<Item>> batches = bucketedBatches(trainItems, cfg.batchSize(), rnd);
                int micro = 0;
                Map<String, NDArray> accum = null;
                ProgressBar bar = cfg.progressBar() ? new ProgressBarBuilder().setTaskName("epoch " + epoch)
                        .setInitialMax(batches.size()).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(2000)
                        .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build() : null;
                try (NDManager epochMgr = root.newSubManager()) {
                    for (List<Item> batch : batches) {
                        try (NDManager sm = epochMgr.newSubManager()) {
                            double loss;
                            if (dp != null) {
                                loss = dp.accumulate(sm, enc, params, batch, posWeight, negWeight, this::tensors);
                            } else {
                                loss = forwardBackward(engine, sm, enc, batch, posWeight, negWeight);
                            }
                            if (Double.isFinite(loss)) {
                                lossSum += loss;
                                lossCount++;
                            }
                            seqCount += batch.size();
                            for (Item it : batch) {
                                tokenCount += it.ids().length;
                            }
                        }
                        micro++;
                        if (bar != null) {
                            bar.step();
                        }
                        if (micro % cfg.gradAccumulation() != 0) {
                            continue;
                        }
                        try (NDManager sm = epochMgr.newSubManager()) {
                            Map<String, NDArray> grads = new LinkedHashMap<>();
                            for (Map.Entry<String, NDArray> e : params.entrySet()) {
                                NDArray g = dp != null ? dp.gradient(e.getKey(), sm) : e.getValue().getGradient();
                                g.attach(sm);
                                grads.put(e.getKey(), g);
                            }
                            double scale = 1.0 / cfg.gradAccumulation();
                            double norm = AdamW.globalNorm(grads) * scale;
                            if (cfg.clipNorm() > 0 && norm > cfg.clipNorm()) {
                                scale *= cfg.clipNorm() / norm;
                            }
                            double rate = lr.at(step);
                            if (Double.isFinite(norm)) {
                                opt.step(params, grads, rate, scale);
                            } else {
                                skipped++;
                                log.printf("%nstep %d: gradient norm %s, update skipped (%d so far)%n", step, norm, skipped);
                            }
                            for (NDArray g : grads.values()) {
                                // fill, not g - g: inf - inf would leave NaN behind for the next step
                                g.set(new NDIndex("..."), 0f);
                            }
                            if (dp != null) {
                                dp.reset();
                            }
                        }
                        step++;
                        double secs = (System.nanoTime() - t0) / 1e9;
                        if (bar != null) {
                            bar.setExtraMessage(String.format(" loss %.4f | %.1f seq/s | %.2f s/step | lr %.2e",
                                    lossSum / lossCount, seqCount / secs, secs / Math.max(1, step), rate(lr, step)));
                        }
                        if (step % evalEvery == 0 || step == totalSteps) {
                            double trainLoss = lossSum / Math.max(1, lossCount);
                            DevResult d = evaluate(enc, root, devItems, posWeight, negWeight);
                            tlog.add(step, epoch, trainLoss, d.loss, d.selection, seqCount / secs);
                            log.printf("%nstep %d epoch %d: train loss %.4f, dev loss %.4f, dev mean %s %.4f, %s (%.1f seq/s, %.0f tok/s)%n",
                                    step, epoch, trainLoss, d.loss, selectionName(), d.selection, d.summary, seqCount / secs, tokenCount / secs);
                            lossSum = 0;
                            lossCount = 0;
                            if (d.selection > best) {
                                best = d.selection;
                                sinceBest = 0;
                                bestMetrics = d.metrics;
                                bestMetrics.put("step", step);
                                bestMetrics.put("epoch", epoch);
                                bestMetrics.put("train_loss", trainLoss);
                                if (dp != null) {
                                    bestMetrics.put("dp_epsilon", dp.epsilon(step, (double) cfg.batchSize() / trainItems.size(), cfg.dpDelta()));
                                    bestMetrics.put("dp_delta", cfg.dpDelta());
                                    bestMetrics.put("dp_examples_dropped_non_finite", dp.dropped());
                                }
                                writePackage(enc, d, baseSha, dataFiles, bestMetrics, tlog);
                                log.printf("  saved package %s (threshold %.4f)%n", cfg.output(), d.threshold);
                            } else if (++sinceBest >= cfg.patience()) {
                                log.printf("  early stop: dev did not improve for %d evaluations%n", sinceBest);
                                stop = true;
                            }
                        }
                        if (stop || step >= totalSteps) {
                            if (bar != null) {
                                bar.close();
                            }
                            break outer;
                        }
                    }
                }
                if (bar != null) {
                    bar.close();
                }
            }
            double secPerStep = (System.nanoTime() - trainStart) / 1e9 / Math.max(1, step);
            tlog.close();
            return new Result(cfg.output(), best, step, secPerStep, bestMetrics);
        }
    }

    private static double rate(LrSchedule lr, int step) {
        return lr.at(Math.max(0, step - 1));
    }

    /** ids and mask for a batch, padded to its longest sequence. */
    NDArray[] tensors(NDManager m, List<Item> batch) {
        int t = 0;
        for (Item it : batch) {
            t = Math.max(t, it.ids().length);
        }
        long[] ids = new long[batch.size() * t];
        long[] mask = new long[batch.size() * t];
        for (int b = 0; b < batch.size(); b++) {
            long[] x = batch.get(b).ids();
            for (int i = 0; i < x.length; i++) {
                ids[b * t + i] = x[i];
                mask[b * t + i] = 1;
            }
        }
        Shape s = new Shape(batch.size(), t);
        return new NDArray[]{m.create(ids, s), m.create(mask, s)};
    }

    static NDArray[] labels(NDManager m, List<Item> batch, double posWeight, double negWeight) {
        float[] y = new float[batch.size()];
        float[] w = new float[batch.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = batch.get(i).ex().label();
            w[i] = (float) (y[i] == 1 ? posWeight : negWeight);
        }
        return new NDArray[]{m.create(y), m.create(w)};
    }

    /** Weighted binary cross-entropy with logits, numerically stable: max(z,0) - z y + log(1 + e^-|z|). */
    static NDArray bce(NDArray z, NDArray y, NDArray w) {
        NDArray l = z.maximum(0f).sub(z.mul(y)).add(z.abs().neg().exp().add(1f).log());
        return l.mul(w).sum().div(w.sum());
    }

    private double forwardBackward(Engine engine, NDManager sm, BertEncoder enc, List<Item> batch,
                                   double posWeight, double negWeight) {
        NDArray[] x = tensors(sm, batch);
        NDArray[] yw = labels(sm, batch, posWeight, negWeight);
        try (GradientCollector gc = engine.newGradientCollector()) {
            NDArray loss = bce(enc.logits(x[0], x[1], true), yw[0], yw[1]);
            gc.backward(loss);
            return loss.getFloat();
        }
    }

    /** Dev scores, metrics per domain, the threshold for the target FPR and the selection score. */
    static final class DevResult {
        double loss;
        double selection;
        double threshold;
        String summary;
        Map<String, Object> metrics;
        Map<String, Double> domainThresholds;
    }

    private DevResult evaluate(BertEncoder enc, NDManager root, List<Item> devItems, double posWeight, double negWeight) {
        double[] scores = new double[devItems.size()];
        double lossSum = 0;
        double wSum = 0;
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < devItems.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt(i -> devItems.get(i).ids().length));
        for (int s = 0; s < order.size(); s += 64) {
            List<Integer> idx = order.subList(s, Math.min(order.size(), s + 64));
            List<Item> batch = idx.stream().map(devItems::get).toList();
            try (NDManager sm = root.newSubManager()) {
                NDArray[] x = tensors(sm, batch);
                NDArray[] yw = labels(sm, batch, posWeight, negWeight);
                NDArray z = enc.logits(x[0], x[1], false);
                float[] zs = z.toFloatArray();
                float w = yw[1].sum().getFloat();
                lossSum += bce(z, yw[0], yw[1]).getFloat() * w;
                wSum += w;
                for (int k = 0; k < idx.size(); k++) {
                    scores[idx.get(k)] = 1.0 / (1.0 + Math.exp(-zs[k]));
                }
            }
        }
        DevResult r = new DevResult();
        r.loss = lossSum / Math.max(1e-9, wSum);
        Map<String, List<Integer>> byDomain = new TreeMap<>();
        for (int i = 0; i < devItems.size(); i++) {
            byDomain.computeIfAbsent(devItems.get(i).ex().domain(), k -> new ArrayList<>()).add(i);
        }
        r.domainThresholds = new TreeMap<>();
        Map<String, BinaryMetrics> dm = new TreeMap<>();
        double threshold = 0;
        for (Map.Entry<String, List<Integer>> e : byDomain.entrySet()) {
            BinaryMetrics m = metrics(e.getValue(), scores, devItems);
            dm.put(e.getKey(), m);
            double t = m.thresholdForFpr(cfg.targetFpr());
            r.domainThresholds.put(e.getKey(), t);
            threshold = Math.max(threshold, t);
        }
        r.threshold = devItems.isEmpty() ? 0.5 : threshold;
        StringBuilder sum = new StringBuilder();
        Map<String, Object> metrics = new LinkedHashMap<>();
        double sel = 0;
        for (Map.Entry<String, BinaryMetrics> e : dm.entrySet()) {
            BinaryMetrics m = e.getValue();
            BinaryMetrics.AtThreshold at = m.at(r.domainThresholds.get(e.getKey()));
            double pr = m.prAuc();
            double v = cfg.selection() == TrainConfig.Selection.F1_AT_FPR ? at.f1() : pr;
            sel += Double.isNaN(v) ? 0 : v;
            sum.append(String.format("%s F1 %.3f FPR %.3f AUC %.3f; ", e.getKey(), at.f1(), at.fpr(), m.rocAuc()));
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("n", m.size());
            d.put("roc_auc", m.rocAuc());
            d.put("pr_auc", pr);
            d.put("precision", at.precision());
            d.put("recall", at.recall());
            d.put("f1", at.f1());
            d.put("fpr", at.fpr());
            metrics.put(e.getKey(), d);
        }
        r.selection = dm.isEmpty() ? 0 : sel / dm.size();
        r.summary = sum.toString();
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("dev_engine", "pytorch (training graph)");
        top.put("threshold", r.threshold);
        top.put("target_fpr", cfg.targetFpr());
        top.put("domain_thresholds", r.domainThresholds);
        top.put("dev_loss", r.loss);
        top.put("selection", selectionName());
        top.put("dev_mean_selection", r.selection);
        top.put("domains", metrics);
        r.metrics = top;
        return r;
    }

    private String selectionName() {
        return cfg.selection() == TrainConfig.Selection.F1_AT_FPR ? "F1 at target FPR" : "PR AUC";
    }

    private static BinaryMetrics metrics(List<Integer> idx, double[] scores, List<Item> items) {
        double[] s = new double[idx.size()];
        int[] y = new int[idx.size()];
        for (int k = 0; k < idx.size(); k++) {
            s[k] = scores[idx.get(k)];
            y[k] = items.get(idx.get(k)).ex().label();
        }
        return new BinaryMetrics(s, y);
    }

    private void writePackage(BertEncoder enc, DevResult d, String baseSha, List<PackageWriter.DataFile> dataFiles,
                              Map<String, Object> metrics, TrainingLog tlog) throws IOException {
        tlog.flush();
        ModelConfig mc = new ModelConfig(cfg.name(), cfg.version(), MiniLmWeights.FP32_RESOURCE, baseSha, cfg.maxLength(),
                cfg.loraRank(), cfg.loraAlpha(), new ArrayList<>(new java.util.TreeSet<>(cfg.loraTargets())),
                cfg.fullFineTune(), "mean", ModelConfig.TEXT_RENDERING, d.threshold, cfg.targetFpr(), d.domainThresholds,
                cfg.layers() < MiniLmWeights.LAYERS ? cfg.layers() : null,
                cfg.domainMaxLength().isEmpty() ? null : new java.util.TreeMap<>(cfg.domainMaxLength()));
        PackageWriter.write(cfg.output(), mc, AdapterIo.save(enc), metrics, dataFiles, tlog.csv(), tlog.png());
    }

    private static List<Item> tokenize(ModelTokenizer tok, List<Example> examples) {
        List<Item> out = new ArrayList<>(examples.size());
        for (int s = 0; s < examples.size(); s += 256) {
            List<Example> chunk = examples.subList(s, Math.min(examples.size(), s + 256));
            long[][] ids = tok.encode(chunk.stream().map(Example::text).toList());
            for (int i = 0; i < chunk.size(); i++) {
                out.add(new Item(chunk.get(i), ids[i]));
            }
        }
        return out;
    }

    /** Shuffle, sort windows of 50 batches by length, cut into batches, shuffle the batches. */
    static List<List<Item>> bucketedBatches(List<Item> items, int batchSize, Random rnd) {
        List<Item> shuffled = new ArrayList<>(items);
        Collections.shuffle(shuffled, rnd);
        List<List<Item>> batches = new ArrayList<>();
        int window = batchSize * 50;
        for (int s = 0; s < shuffled.size(); s += window) {
            List<Item> w = new ArrayList<>(shuffled.subList(s, Math.min(shuffled.size(), s + window)));
            w.sort(Comparator.comparingInt(it -> it.ids().length));
            for (int b = 0; b < w.size(); b += batchSize) {
                batches.add(w.subList(b, Math.min(w.size(), b + batchSize)));
            }
        }
        Collections.shuffle(batches, rnd);
        return batches;
    }

    private static String countBy(List<Example> ex) {
        Map<String, Integer> c = new TreeMap<>();
        for (Example e : ex) {
            c.merge(e.domain() + "/" + (e.label() == 1 ? "malicious" : "benign"), 1, Integer::sum);
        }
        return c.toString();
    }
}
