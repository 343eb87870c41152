package io.centinela.model.pkg;

import java.util.List;
import java.util.Map;

/**
 * config.json of a model package: how to rebuild the classifier from the base ONNX and the adapter, and the
 * decision threshold chosen on dev.
 *
 * @param threshold        score at or above which an event is flagged (max of the per-domain thresholds)
 * @param domainThresholds per-domain thresholds that meet {@code targetFpr} on each dev domain
 */
public record ModelConfig(String name, String version, String baseModel, String baseSha256, int maxLength,
                          int loraRank, float loraAlpha, List<String> loraTargets, boolean fullFineTune,
                          String pooling, String textRendering, double threshold, double targetFpr,
                          Map<String, Double> domainThresholds) {

    public static final String TEXT_RENDERING = "centinela-event-text-v1";
}
