package io.centinela.model.pkg;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * config.json of a model package: how to rebuild the classifier from the base ONNX and the adapter, and the
 * decision threshold chosen on dev.
 *
 * @param maxLength        tokens per event (the longest of the per-domain caps)
 * @param threshold        score at or above which an event is flagged (max of the per-domain thresholds)
 * @param domainThresholds per-domain thresholds that meet {@code targetFpr} on each dev domain
 * @param layers           encoder layers used (the first {@code layers} of the base; 0 or absent = all six)
 * @param domainMaxLength  tokens per event for each domain (email, web, windows, generic); a missing domain uses
 *                         {@code maxLength}. Absent in packages made before per-domain lengths existed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelConfig(String name, String version, String baseModel, String baseSha256, int maxLength,
                          int loraRank, float loraAlpha, List<String> loraTargets, boolean fullFineTune,
                          String pooling, String textRendering, double threshold, double targetFpr,
                          Map<String, Double> domainThresholds, Integer layers, Map<String, Integer> domainMaxLength) {

    /** The rendering new packages are trained with ({@link io.centinela.text.TextRendering#LATEST}). */
    public static final String TEXT_RENDERING = io.centinela.text.TextRendering.LATEST.id();

    /** The rendering this package was trained with; serving must use the same. */
    public io.centinela.text.TextRendering rendering() {
        return io.centinela.text.TextRendering.of(textRendering);
    }

    /** Encoder layers actually run (all six of the base unless the package says fewer). */
    public int encoderLayers(int baseLayers) {
        return layers == null || layers <= 0 ? baseLayers : Math.min(layers, baseLayers);
    }

    /** Same configuration with other thresholds (after calibration). */
    public ModelConfig withThresholds(double threshold, double targetFpr, Map<String, Double> domainThresholds) {
        return new ModelConfig(name, version, baseModel, baseSha256, maxLength, loraRank, loraAlpha, loraTargets,
                fullFineTune, pooling, textRendering, threshold, targetFpr, domainThresholds, layers, domainMaxLength);
    }
}
