package io.centinela.cli;

import io.centinela.pipeline.LiveModelDir;
import io.centinela.pipeline.TestPackages;
import io.centinela.testkit.ConsoleCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code model promote / rollback / compare} as an operator runs them: exit codes, one-line refusals, the figures. */
class ModelCommandsTest {

    private static ConsoleCapture.Captured run(String... args) {
        return ConsoleCapture.run(() -> CentinelaCli.commandLine().execute(args));
    }

    @Test
    void promoteRefusesATamperedPackageInOneLineAndRollbackReturns(@TempDir Path tmp) throws Exception {
        Path live = tmp.resolve("live");
        String vA = TestPackages.shippedVersion();
        Path b = TestPackages.withVersion(tmp.resolve("b"), vA + "-b");

        ConsoleCapture.Captured first = run("model", "promote", TestPackages.shipped().toString(), "--live", live.toString());
        assertEquals(0, first.code(), first.transcript());
        assertTrue(first.out().contains("live model: " + vA), first.transcript());
        ConsoleCapture.Captured none = run("model", "rollback", "--live", live.toString());
        assertEquals(2, none.code(), none.transcript());
        assertTrue(none.err().contains("nothing to roll back to"), none.transcript());

        Files.writeString(b.resolve("metrics.json"), "{\"tampered\": true}");
        ConsoleCapture.Captured bad = run("model", "promote", b.toString(), "--live", live.toString());
        assertEquals(2, bad.code(), bad.transcript());
        assertEquals(1, bad.err().strip().lines().count(), bad.transcript());
        assertTrue(bad.err().contains("metrics.json") && bad.err().contains("refusing"), bad.transcript());
        Optional<String> stillA = new LiveModelDir(live).pointer(LiveModelDir.CURRENT);

        Path b2 = TestPackages.withVersion(tmp.resolve("b2"), vA + "-b");
        assertEquals(0, run("model", "promote", b2.toString(), "--live", live.toString()).code());
        assertTrue(new LiveModelDir(live).pointer(LiveModelDir.CURRENT).orElseThrow().startsWith(vA + "-b-"));
        ConsoleCapture.Captured back = run("model", "rollback", "--live", live.toString());
        assertEquals(0, back.code(), back.transcript());
        assertEquals(stillA, new LiveModelDir(live).pointer(LiveModelDir.CURRENT));
    }

    @Test
    void compareCountsAlertsPer10kAndAgreementWithVerdicts(@TempDir Path tmp) throws Exception {
        // 8 events; live alerts on 1, the candidate on 2; the event at offset 0 is scored twice (counts once)
        StringBuilder log = new StringBuilder();
        boolean[] live = {true, false, false, false, false, false, false, false};
        boolean[] cand = {true, true, false, false, false, false, false, false};
        for (int i = 0; i < 8; i++) {
            log.append(line(i, live[i], cand[i]));
        }
        log.append(line(0, true, true));
        Path shadow = Files.writeString(tmp.resolve("shadow.jsonl"), log);
        // verdicts: offset 0 malicious (both right), offset 1 benign (candidate FP), offset 2 malicious (both miss),
        // one verdict on an event outside the shadow period
        Path verdicts = Files.writeString(tmp.resolve("fb.jsonl"), verdict(0, "malicious") + verdict(1, "benign")
                + verdict(2, "malicious") + verdict(99, "benign"));
        ConsoleCapture.Captured c = run("model", "compare", "--shadow-log", shadow.toString(), "--verdicts", verdicts.toString());
        assertEquals(0, c.code(), c.transcript());
        String out = c.out();
        assertTrue(out.contains("shadow log: 8 events scored by both (live 2.0.0, candidate 2.0.1)"), out);
        assertTrue(out.matches("(?s).*alerts per 10k events\\s+1250\\.0\\s+2500\\.0.*"), out);
        assertTrue(out.contains("decisions agree on 7 of 8 events (87.5 %)"), out);
        assertTrue(out.contains("verdicts: 4 rows, 3 on events of the shadow log (2 malicious, 1 benign)"), out);
        assertTrue(out.matches("(?s).*agree with the verdict\\s+2/3\\s+1/3.*"), out);
        assertTrue(out.matches("(?s).*malicious alerted\\s+1/2\\s+1/2.*"), out);
        assertTrue(out.matches("(?s).*benign alerted \\(FP\\)\\s+0/1\\s+1/1.*"), out);

        Path junk = Files.writeString(tmp.resolve("junk.jsonl"), "{\"origin\": 1}\n");
        ConsoleCapture.Captured bad = run("model", "compare", "--shadow-log", junk.toString());
        assertEquals(2, bad.code(), bad.transcript());
        assertTrue(bad.err().contains("junk.jsonl:1: not a shadow log line"), bad.transcript());
    }

    private static String line(int offset, boolean live, boolean cand) {
        return "{\"origin\":\"kafka:events/0/" + offset + "\",\"live_version\":\"2.0.0\",\"live\":0.5,\"live_alert\":" + live
                + ",\"cand_version\":\"2.0.1\",\"cand\":0.5,\"cand_alert\":" + cand + "}\n";
    }

    private static String verdict(int offset, String label) {
        return "{\"event\":{},\"label\":\"" + label + "\",\"meta\":{\"alert_id\":\"a" + offset
                + "\",\"origin\":{\"topic\":\"events\",\"partition\":0,\"offset\":" + offset + "}}}\n";
    }
}
