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
        String dir = c.string("risk.state.dir");
        return new RiskStreamsConfig(c.string("risk.application.id"), c.string("risk.detections.topic"),
                c.string("risk.alerts.topic"), c.integer("risk.partitions"), dir == null ? null : Path.of(dir),
                c.string("risk.processing.guarantee"));
    }

    public RiskStreamsConfig withStateDir(Path dir) {
        return new RiskStreamsConfig(applicationId, detectionsTopic, alertsTopic, partitions, dir, guarantee);
    }
}
