package io.centinela.risk;

import io.centinela.config.CentinelaConfig;

import java.nio.file.Path;

/**
 * Where the topology runs: its application id (instances with one id share the partitions), the internal
 * detections topic, the alert topic, the partitions of the by-key repartition topics (0 = as the detections
 * topic), the local state directory (null = Kafka Streams' default), and the processing guarantee.
 */
public record RiskStreamsConfig(String applicationId, String detectionsTopic, String alertsTopic, int partitions,
                                Path stateDir, String guarantee) {

    public static RiskStreamsConfig of(CentinelaConfig c) {
        String dir = c.string(CentinelaConfig.RISK_STATE_DIR);
        return new RiskStreamsConfig(c.string(CentinelaConfig.RISK_APPLICATION_ID), c.string(CentinelaConfig.RISK_DETECTIONS_TOPIC),
                c.string(CentinelaConfig.RISK_ALERTS_TOPIC), c.integer(CentinelaConfig.RISK_PARTITIONS), dir == null ? null : Path.of(dir),
                c.string(CentinelaConfig.RISK_PROCESSING_GUARANTEE));
    }

    public RiskStreamsConfig withStateDir(Path dir) {
        return new RiskStreamsConfig(applicationId, detectionsTopic, alertsTopic, partitions, dir, guarantee);
    }
}
