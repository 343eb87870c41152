package io.centinela.kafka;

import io.centinela.config.CentinelaConfig;
import io.centinela.pipeline.PipelineStats;
import io.centinela.pipeline.StandInRules;

import java.nio.file.Path;
import java.time.Duration;

/** Test child process: the connector with the stand-in rule, from a YAML config; killed with SIGKILL by the test. */
public final class ChildConnector {

    private ChildConnector() {
    }

    public static void main(String[] args) throws Exception {
        CentinelaConfig cfg = CentinelaConfig.load(Path.of(args[0]));
        ConnectorService s = new ConnectorService(cfg, StandInRules.engines(), new PipelineStats());
        s.preflight();
        s.start();
        System.out.println("child connector started");
        Throwable t = s.await(Duration.ofDays(1));
        System.exit(t == null ? 0 : 1);
    }
}
