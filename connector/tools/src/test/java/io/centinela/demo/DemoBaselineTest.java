package io.centinela.demo;

import io.centinela.cli.CentinelaCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo's default ({@code --scoring all}, real model, site baseline pre-built from another seed's background):
 * the classifier flags much of the generator's background, the baseline vetoes it, model-alone alerts stay rare,
 * (with a 3,000-event pre-build the e-mail kind stays cold, under its 500-event warm-up, and gave 324 of 3,000),
 * and every attack scenario event is still alerted.
 */
class DemoBaselineTest {

    @Test
    void scoringAllWithThePrebuiltBaselineDoesNotFlood(@TempDir Path dir) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = CentinelaCli.commandLine().execute("demo", "--events", "3000", "--attack-rate", "0.01",
                    "--model-dir",
                    io.centinela.testkit.SharedData.repo().resolve("models/default").toString(), "--alerts", dir.resolve("alerts.jsonl").toString(), "--partitions", "1");
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        String report = out.toString(StandardCharsets.UTF_8);
        String log = err.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, report + log);
        long alone = number(log, "model-alone alerts: ([0-9,]+)");
        long vetoed = number(log, "site baseline: ([0-9,]+) model verdicts vetoed");
        assertTrue(vetoed > 500, "the classifier flags the background and the baseline vetoes it: " + vetoed);
        assertTrue(alone <= 3, "model-alone alerts of 3,000 events: " + alone);
        Matcher m = Pattern.compile("^\\s+([a-z-]+)\\s+(\\d+) / (\\d+)$", Pattern.MULTILINE).matcher(report);
        int scenarios = 0;
        while (m.find()) {
            scenarios++;
            assertEquals(m.group(3), m.group(2), "every event of scenario " + m.group(1) + " alerted: " + report);
        }
        assertTrue(scenarios >= 2, report);
    }

    private static long number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), regex + " in " + text);
        return Long.parseLong(m.group(1).replace(",", ""));
    }
}
