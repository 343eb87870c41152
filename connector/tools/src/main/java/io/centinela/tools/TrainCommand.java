package io.centinela.tools;

import io.centinela.cli.ModelPaths;
import io.centinela.model.train.Example;
import io.centinela.model.train.LabelledData;
import io.centinela.model.train.TrainConfig;
import io.centinela.model.train.Trainer;
import io.centinela.text.ModelTokenizer;
import io.centinela.text.TokenLengthStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code centinela train}: fine-tunes the MiniLM threat classifier (LoRA by default) and writes a model package. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Fine-tune the transformer threat classifier on labelled JSON-lines events and write a model package.")
public final class TrainCommand implements Callable<Integer> {

    private static final Map<String, String> TARGET_ALIASES = Map.of(
            "query", "attention.self.query", "key", "attention.self.key", "value", "attention.self.value",
            "attn_out", "attention.output.dense", "ffn_in", "intermediate.dense", "ffn_out", "output.dense");

    private static final List<String> DOMAINS = List.of("email", "generic", "web", "windows");

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--train", split = ",", description = "Training files (default: ../shared/data/ml train splits + Atomic Red Team extra).")
    List<Path> train;
    @Option(names = "--dev", split = ",", description = "Dev files for early stopping and the threshold (default: dev splits).")
    List<Path> dev;
    @Option(names = "--out", defaultValue = "models/trained", description = "Package folder to write (default: ${DEFAULT-VALUE}).")
    Path out;
    @Option(names = "--max-length", defaultValue = "96", description = "Tokens per event (default: ${DEFAULT-VALUE}).")
    int maxLength;
    @Option(names = "--domain-max-length", split = ",", description = "Tokens per event for some domains, "
            + "e.g. web=128,email=64 (the others use --max-length; the package stores all).")
    Map<String, Integer> domainMaxLength = new java.util.LinkedHashMap<>();
    @Option(names = "--layers", defaultValue = "6", description = "Encoder layers to keep (1-6; the first N of the base; "
            + "fewer = faster serving, default: ${DEFAULT-VALUE}).")
    int layers;
    @Option(names = "--batch", defaultValue = "16") int batch;
    @Option(names = "--grad-accum", defaultValue = "1", description = "Micro-batches per optimiser step.") int gradAccum;
    @Option(names = "--epochs", defaultValue = "2") int epochs;
    @Option(names = "--max-steps", defaultValue = "0", description = "Stop after this many optimiser steps (0 = no limit).") int maxSteps;
    @Option(names = "--lr", defaultValue = "5e-4", description = "Peak learning rate (LoRA: ~5e-4..1e-3; full: 1e-5..1e-4).") double lr;
    @Option(names = "--weight-decay", defaultValue = "0.01") double weightDecay;
    @Option(names = "--warmup", defaultValue = "0.06", description = "Warm-up fraction of the steps, then cosine decay.") double warmup;
    @Option(names = "--clip", defaultValue = "1.0", description = "Global gradient-norm clip (0 = off).") double clip;
    @Option(names = "--dropout", defaultValue = "0.1") float dropout;
    @Option(names = "--lora-rank", defaultValue = "8", description = "LoRA rank (0 = no adapters: head only, or --full).") int loraRank;
    @Option(names = "--lora-alpha", defaultValue = "16") float loraAlpha;
    @Option(names = "--lora-targets", split = ",", defaultValue = "query,value",
            description = "Projections to adapt: query,key,value,attn_out,ffn_in,ffn_out (default: ${DEFAULT-VALUE}).")
    List<String> loraTargets;
    @Option(names = "--full", description = "Full fine-tuning of every weight except the (frozen) word embeddings.") boolean full;
    @Option(names = "--no-class-weights", description = "Do not weight classes by inverse frequency.") boolean noClassWeights;
    @Option(names = "--patience", defaultValue = "4", description = "Early stop after this many evaluations without dev improvement.") int patience;
    @Option(names = "--eval-every", defaultValue = "0", description = "Evaluate/checkpoint every N steps (0 = each epoch).") int evalEvery;
    @Option(names = "--max-per-class", defaultValue = "2500", description = "Cap per (domain, label) in training (0 = all).") int maxPerClass;
    @Option(names = "--max-dev-per-domain", defaultValue = "0", description = "Cap on dev events per domain during training (0 = all).") int maxDevPerDomain;
    @Option(names = "--target-fpr", defaultValue = "0.01") double targetFpr;
    @Option(names = "--seed", defaultValue = "42") long seed;
    @Option(names = "--threads", defaultValue = "2") int threads;
    @Option(names = "--exclude-source", split = ",", description = "Drop examples whose source starts with this (e.g. phishing_pot for a commercial-use model).")
    List<String> excludeSources = new ArrayList<>();
    @Option(names = "--exclude-category", split = ",", description = "Drop categories (e.g. web-anomaly).")
    List<String> excludeCategories = new ArrayList<>();
    @Option(names = "--augment-commands", description = "Add obfuscated copies of malicious command lines (caret, quotes, case, env vars).") boolean augment;
    @Option(names = "--augment-fraction", defaultValue = "0.3") double augmentFraction;
    @Option(names = "--augment-malicious-only", description = "Obfuscate only malicious command lines (teaches "
            + "'obfuscated = malicious'; default: both classes).") boolean augmentMaliciousOnly;
    @Option(names = "--select", defaultValue = "f1", description = "Checkpoint selection on dev: f1 (F1 at the target "
            + "FPR, mean over domains) or pr-auc (default: ${DEFAULT-VALUE}).") String select;
    @Option(names = "--dp", description = "Differentially private SGD (per-example clipping + Gaussian noise); reports epsilon.") boolean dp;
    @Option(names = "--dp-noise", defaultValue = "1.0", description = "Noise multiplier sigma.") double dpNoise;
    @Option(names = "--dp-clip", defaultValue = "1.0", description = "Per-example L2 clip.") double dpClip;
    @Option(names = "--dp-delta", defaultValue = "1e-5") double dpDelta;
    @Option(names = "--feedback", split = ",", description = "Site verdict files from `feedback pull`, mixed with "
            + "the public --train data; continues from --from-package's adapter (docs/feedback.md).")
    List<Path> feedback = List.of();
    @Option(names = "--from-package", description = "Package whose adapter --feedback continues from (default: models/default).")
    Path fromPackage;
    @Option(names = "--feedback-max-analyst-share", defaultValue = "0.5",
            description = "Refuse when one analyst gave more than this share of the feedback rows (default: ${DEFAULT-VALUE}).")
    double feedbackMaxAnalystShare;
    @Option(names = "--resume", description = "Start from a saved adapter.safetensors.") Path resume;
    @Option(names = "--name", defaultValue = "centinela-minilm") String name;
    @Option(names = "--model-version", defaultValue = "0.1.0") String modelVersion;
    @Option(names = "--no-progress", description = "No progress bar (CI logs).") boolean noProgress;
    @Option(names = "--lengths", description = "Print the token-length distribution per event kind of the training data and exit.") boolean lengths;

    @Override
    public Integer call() throws Exception {
        List<Path> trainFiles = train != null ? train : ModelPaths.defaultTrain();
        List<Path> devFiles = dev != null ? dev : ModelPaths.defaultDev();
        if (lengths) {
            printLengths(trainFiles);
            return 0;
        }
        if (!feedback.isEmpty()) {
            applyFeedback();
            trainFiles = new java.util.ArrayList<>(trainFiles);
            trainFiles.addAll(feedback);
        }
        Set<String> targets = new LinkedHashSet<>();
        for (String t : loraTargets) {
            String k = t.trim().toLowerCase(Locale.ROOT);
            targets.add(TARGET_ALIASES.getOrDefault(k, t.trim()));
        }
        int longest = maxLength;
        Map<String, Integer> perDomain = new java.util.TreeMap<>();
        if (!domainMaxLength.isEmpty()) {
            for (Map.Entry<String, Integer> e : domainMaxLength.entrySet()) {
                if (!DOMAINS.contains(e.getKey())) {
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--domain-max-length: unknown domain '"
                            + e.getKey() + "'; use " + DOMAINS);
                }
                longest = Math.max(longest, e.getValue());
            }
            for (String d : DOMAINS) {
                perDomain.put(d, domainMaxLength.getOrDefault(d, maxLength));
            }
        }
        TrainConfig cfg = new TrainConfig(trainFiles, devFiles, out, longest, batch, gradAccum, epochs, maxSteps, lr,
                weightDecay, warmup, clip, dropout, loraRank, loraAlpha, targets, full, !noClassWeights, patience,
                evalEvery, maxPerClass, maxDevPerDomain, targetFpr, seed, threads, Set.copyOf(excludeSources),
                Set.copyOf(excludeCategories), augment, augmentFraction, dp, dpNoise, dpClip, dpDelta, resume, name,
                modelVersion, !noProgress, layers, perDomain, selection(), !augmentMaliciousOnly);
        Trainer.Result r = new Trainer(cfg, System.out).run();
        System.out.printf("done: %d steps, %.2f s/step, best dev selection score %.4f; package %s%n", r.steps(),
                r.secondsPerStep(), r.bestScore(), r.packageDir());
        System.out.println("next: ./centinela eval --model " + r.packageDir() + " --calibrate");
        return 0;
    }

    /**
     * {@code --feedback}: checks the files' provenance and analyst shares, and continues from the shipped adapter in
     * its own shape (options given explicitly still win, and then must match it or the adapter will not load).
     */
    private void applyFeedback() throws java.io.IOException {
        io.centinela.feedback.FeedbackMix.check(feedback, feedbackMaxAnalystShare, System.out);
        if (resume != null) {
            return;
        }
        io.centinela.feedback.ShippedAdapter a = io.centinela.feedback.ShippedAdapter.read(
                fromPackage != null ? fromPackage : ModelPaths.defaultModel());
        picocli.CommandLine.ParseResult p = spec.commandLine().getParseResult();
        resume = a.adapter();
        layers = p.hasMatchedOption("--layers") ? layers : a.layers();
        loraRank = p.hasMatchedOption("--lora-rank") ? loraRank : a.loraRank();
        loraAlpha = p.hasMatchedOption("--lora-alpha") ? loraAlpha : a.loraAlpha();
        loraTargets = p.hasMatchedOption("--lora-targets") ? loraTargets : List.copyOf(a.loraTargets());
        maxLength = p.hasMatchedOption("--max-length") ? maxLength : a.maxLength();
        if (!p.hasMatchedOption("--domain-max-length")) {
            domainMaxLength = new java.util.LinkedHashMap<>(a.domainMaxLength());
        }
        System.out.printf("feedback: continuing from %s (version %s)%n", a.adapter(), a.version());
    }

    private TrainConfig.Selection selection() {
        return switch (select.toLowerCase(Locale.ROOT)) {
            case "f1" -> TrainConfig.Selection.F1_AT_FPR;
            case "pr-auc" -> TrainConfig.Selection.PR_AUC;
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--select: use f1 or pr-auc, got '" + select + "'");
        };
    }

    private void printLengths(List<Path> files) throws Exception {
        TokenLengthStats stats = new TokenLengthStats();
        try (ModelTokenizer tok = ModelTokenizer.fromStream(TrainCommand.class.getClassLoader()
                .getResourceAsStream(io.centinela.model.onnx.MiniLmWeights.TOKENIZER_RESOURCE), 512)) {
            for (Path f : files) {
                for (Example e : LabelledData.load(f, LabelledData.Filter.NONE).examples()) {
                    stats.add(e.domain() + "/" + e.group(), tok.untruncatedLength(e.text()));
                }
            }
        }
        System.out.println(stats.table(maxLength));
    }
}
