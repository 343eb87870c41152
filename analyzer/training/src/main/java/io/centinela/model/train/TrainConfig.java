package io.centinela.model.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything a training run needs. Defaults are those of the shipped model ({@link #defaults()}).
 *
 * @param maxPerClass   cap on examples per (domain, label) in training, 0 = all
 * @param evalEvery     evaluate on dev (and checkpoint when better) every this many optimiser steps, 0 = per epoch
 * @param maxSteps      stop after this many optimiser steps, 0 = no limit
 * @param maxDevPerDomain cap on dev examples per domain during training (the eval command uses all), 0 = all
 * @param layers        encoder layers to train and serve (the first N of the base's six; fewer = faster)
 * @param domainMaxLength tokens per event for each domain; empty = {@code maxLength} for all
 * @param augmentBenign also obfuscate benign command lines (same fraction), so that obfuscation itself is not a
 *                      label signal; false = malicious only (the first versions)
 */
public record TrainConfig(List<Path> trainFiles, List<Path> devFiles, Path output,
                          int maxLength, int batchSize, int gradAccumulation, int epochs, int maxSteps,
                          double learningRate, double weightDecay, double warmupFraction, double clipNorm,
                          float dropout, int loraRank, float loraAlpha, Set<String> loraTargets,
                          boolean fullFineTune, boolean classWeighting, int patience, int evalEvery,
                          int maxPerClass, int maxDevPerDomain, double targetFpr, long seed, int threads,
                          Set<String> excludeSources, Set<String> excludeCategories,
                          boolean augmentCommands, double augmentFraction,
                          boolean dpSgd, double dpNoiseMultiplier, double dpClip, double dpDelta,
                          Path resumeAdapter, String name, String version, boolean progressBar,
                          int layers, Map<String, Integer> domainMaxLength, Selection selection,
                          boolean augmentBenign) {

    /** What "better on dev" means for checkpoints and early stopping (mean over domains). */
    public enum Selection {
        /** PR AUC: threshold-free. */
        PR_AUC,
        /** F1 at the threshold that meets the target FPR on that domain: what the targets are stated in. */
        F1_AT_FPR
    }

    public static final Set<String> DEFAULT_TARGETS = Set.of("attention.self.query", "attention.self.value");

    public static TrainConfig defaults() {
        return new TrainConfig(List.of(), List.of(), Path.of("models/trained"), 64, 16, 1, 2, 0,
                5e-4, 0.01, 0.06, 1.0, 0.1f, 8, 16f, DEFAULT_TARGETS, false, true, 3, 0, 4000, 0, 0.01, 42L, 2,
                Set.of(), Set.of(), false, 0.3, false, 1.0, 1.0, 1e-5, null, "centinela-minilm", "0.1.0", true, 6, Map.of(), Selection.F1_AT_FPR, true);
    }
}
