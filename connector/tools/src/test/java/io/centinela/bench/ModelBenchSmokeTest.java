package io.centinela.bench;

import io.centinela.model.serve.MergedModel;
import io.centinela.testkit.SharedData;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bench model} runs end to end on real events and prints its tables (tiny settings; figures not judged). */
class ModelBenchSmokeTest {

    @Test
    void printsRawEndToEndAndReferenceTables() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelBench.Options o = new ModelBench.Options(SharedData.defaultModel(),
                List.of(SharedData.ml().resolve("web/dev.jsonl")), 2, 0.05, 40, List.of(MergedModel.Precision.INT8),
                new int[]{4}, new int[]{16}, SharedData.defaultModel(), 2,
                io.centinela.model.serve.DeviceChoice.Mode.CPU);
        new ModelBench(o, new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.matches("(?s).*\\| INT8 \\| 16 \\| 4 \\| [0-9.]+ \\|.*"), out);
        assertTrue(out.matches("(?s).*\\| cold cache \\| [0-9.]+ \\|.*"), out);
        Matcher rows = Pattern.compile("\\| [12] \\| ([0-9.]+) \\| ([0-9.]+) \\| ([0-9.]+) \\|").matcher(out);
        int n = 0;
        while (rows.find()) {
            n++;
            double ratio = Double.parseDouble(rows.group(3));
            assertEquals(Double.parseDouble(rows.group(1)) / Double.parseDouble(rows.group(2)), ratio, 0.01, out);
        }
        assertEquals(2, n, out);
        assertTrue(out.contains("median ratio"), out);
        // the package against itself: identical scores and decisions, so any error in the agreement sums shows
        assertTrue(out.contains("| all | 40 | 0.0000 | 1.0000 | 1.0000 |"), out);
        assertTrue(out.contains("| web | 40 | 0.0000 | 1.0000 | 1.0000 |"), out);
    }
}
