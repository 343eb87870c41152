package io.centinela.risk;

import java.nio.file.Path;

/**
 * Test child process: one instance of the risk topology (args: bootstrap, application id, detections topic, alerts
 * topic, partitions, state dir); prints its progress and partitions every 200 ms until the test kills it (SIGKILL).
 */
public final class RiskChild {

    private RiskChild() {
    }

    public static void main(String[] args) throws Exception {
        RiskStreams s = RiskStreams.startRisk(RiskKafka.streamsClient(args[0]),
                RiskKafka.config(args[1], args[2], args[3], Integer.parseInt(args[4]), Path.of(args[5])),
                RiskFailoverTest.POLICY);
        while (true) {
            System.out.println("state=" + s.state() + " detections=" + s.stats("risk").detections()
                    + " partitions=" + s.activePartitions("risk"));
            System.out.flush();
            Thread.sleep(200);
        }
    }
}
