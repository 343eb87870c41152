package io.centinela.cli;

import io.centinela.event.Event;
import io.centinela.event.EventFileReader;
import io.centinela.event.EventParser;
import io.centinela.event.EventRejectedException;
import io.centinela.sigma.correlation.CorrelationEngine;
import io.centinela.sigma.correlation.CorrelationOptions;
import io.centinela.sigma.correlation.CorrelationScan;
import io.centinela.sigma.load.LoadOptions;
import io.centinela.sigma.load.LoadResult;
import io.centinela.sigma.load.RuleLoader;
import io.centinela.testkit.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The parallel {@code sigma scan} pipeline prints exactly what the one-thread loop prints (same lines, same
 * order, rejected documents reported at their place), over a real Mordor recording with the SigmaHQ rules and
 * broken documents mixed in; batches of 1 and 7 documents or of 10,000 bytes make hundreds of batches, so out-of-order emission or a lost
 * batch would show.
 */
class SigmaFileScanTest {

    private static LoadResult rules;
    private static List<String> lines;

    @BeforeAll
    static void load() throws Exception {
        rules = new RuleLoader(LoadOptions.defaults()).load(List.of(SharedData.path("sigma/rules")));
        Path zip = SharedData.path("windows-logs/OTRF-Security-Datasets/datasets/atomic/windows/defense_evasion/host/"
                + "cmd_bitsadmin_download_psh_script.zip");
        lines = new ArrayList<>();
        try (ZipFile zf = new ZipFile(zip.toFile())) {
            var e = zf.stream().filter(z -> !z.isDirectory()).findFirst().orElseThrow();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(zf.getInputStream(e), StandardCharsets.UTF_8))) {
                r.lines().filter(l -> !l.isBlank()).forEach(lines::add);
            }
        }
        lines.add(5, "{not json");
        lines.add(300, "[1, 2]");
    }

    private record Output(SigmaFileScan.Summary summary, String out, String err) {
    }

    private static Output scan(Path file, int workers, int batch, long batchBytes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        SigmaFileScan.Summary s;
        try (EventFileReader docs = EventFileReader.open(file);
             PrintStream o = new PrintStream(out, false, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, false, StandardCharsets.UTF_8)) {
            CorrelationScan corr = new CorrelationScan(CorrelationEngine.build(rules, CorrelationOptions.defaults()));
            s = new SigmaFileScan(rules.ruleSet(), new EventParser(), workers, batch, batchBytes).run(docs, corr, o, e);
        }
        return new Output(s, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void workersPrintWhatOneThreadPrints(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("events.jsonl");
        Files.write(file, lines, StandardCharsets.UTF_8);

        // What the rules say, event by event, without the pipeline.
        long expectedMatches = 0;
        EventParser parser = new EventParser();
        for (int i = 0; i < lines.size(); i++) {
            try {
                Event e = parser.parse(lines.get(i).getBytes(StandardCharsets.UTF_8),
                        new io.centinela.event.EventOrigin.File(file.toString(), i + 1));
                expectedMatches += rules.ruleSet().evaluate(e).size();
            } catch (EventRejectedException ex) {
                // counted below
            }
        }
        assertTrue(expectedMatches > 10, "the recording must match some SigmaHQ rules: " + expectedMatches);

        Output one = scan(file, 0, SigmaFileScan.BATCH, SigmaFileScan.BATCH_BYTES);
        assertEquals(lines.size(), one.summary().events());
        assertEquals(2, one.summary().rejected());
        assertEquals(expectedMatches, one.summary().printed());
        assertEquals(expectedMatches, one.out().lines().count());
        List<String> errLines = one.err().lines().toList();
        assertEquals(2, errLines.size());
        assertTrue(errLines.get(0).startsWith(file + ":6: event rejected (INVALID_JSON)"), errLines.get(0));
        assertTrue(errLines.get(1).startsWith(file + ":301: event rejected (NOT_AN_OBJECT)"), errLines.get(1));

        // {workers, documents per batch, bytes per batch}: 10,000 bytes cut batches of ~3 Windows events
        for (int[] config : new int[][] {{2, 7, 1 << 22}, {3, 1, 1 << 22}, {2, SigmaFileScan.BATCH, 10_000}, {2, SigmaFileScan.BATCH, 1 << 22}}) {
            Output par = scan(file, config[0], config[1], config[2]);
            String what = config[0] + " workers, batch " + config[1] + " docs / " + config[2] + " bytes";
            assertEquals(one.out(), par.out(), what);
            assertEquals(one.err(), par.err(), what);
            assertEquals(one.summary().withMatches(), par.summary().withMatches(), what);
            assertEquals(one.summary().hits().keySet(), par.summary().hits().keySet(), what);
        }
    }
}
