package io.centinela.risk;

import java.nio.file.Path;
import java.util.List;

/**
 * Test child process: one instance of the topology's correlation branch with the own logon correlations (args:
 * bootstrap, application id, detections topic, alerts topic, partitions, state dir); prints its progress and
 * partitions every 200 ms (as {@link RiskChild}) until the test kills it (SIGKILL).
 */
public final class CorrelationChild {

    private CorrelationChild() {
    }

    public static void main(String[] args) throws Exception {
        RiskStreams s = RiskStreams.start(RiskKafka.streamsClient(args[0]),
                RiskKafka.config(args[1], args[2], args[3], Integer.parseInt(args[4]), Path.of(args[5])),
                List.of(RiskTopology.correlation(CorrelationEvents.logonRules().standalone().correlations(), 10_000)));
        while (true) {
            System.out.println("state=" + s.state() + " detections=" + s.stats("correlation").detections()
                    + " partitions=" + s.activePartitions("correlation"));
            System.out.flush();
            Thread.sleep(200);
        }
    }
}
