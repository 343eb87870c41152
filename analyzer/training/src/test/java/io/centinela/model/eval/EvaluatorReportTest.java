package io.centinela.model.eval;

import io.centinela.testkit.SharedData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.centinela.model.serve.MergedModel;
import io.centinela.model.serve.ScorerOptions;
import io.centinela.model.train.LabelledData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The eval report's per-event scores, provenance slices and obfuscation check, on real Windows dev process
 * starts scored by the shipped model. The figures in the report are recomputed here from scores.jsonl.
 */
class EvaluatorReportTest {

    /** The first {@code perLabel} Windows dev process starts (Sysmon 1 / 4688) of each label, in windows/dev.jsonl. */
    private static Path processStarts(Path dir, int perLabel) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> out = new ArrayList<>();
        int mal = 0;
        int ben = 0;
        for (String l : Files.readAllLines(SharedData.ml().resolve("windows/dev.jsonl"))) {
            JsonNode r = json.readTree(l);
            int eid = r.path("event").path("EventID").asInt();
            if (eid != 1 && eid != 4688) {
                continue;
            }
            boolean m = r.path("label").asText().equals("malicious");
            if (m && mal < perLabel) {
                mal++;
                out.add(l);
            } else if (!m && ben < perLabel) {
                ben++;
                out.add(l);
            }
        }
        Path p = dir.resolve("windows").resolve("dev.jsonl");
        Files.createDirectories(p.getParent());
        Files.write(p, out);
        return p;
    }

    @Test
    void writesScoresSlicesAndObfuscationFiguresThatAgreeWithTheScores(@TempDir Path tmp) throws Exception {
        Path data = processStarts(tmp, 12);
        Path report = tmp.resolve("eval");
        Evaluator.Options o = new Evaluator.Options(SharedData.defaultModel(), List.of(data), report, false, 0.01,
                ScorerOptions.defaults().withPrecision(MergedModel.Precision.INT8).withCacheDir(tmp.resolve("cache")),
                LabelledData.Filter.NONE, false, "test", true);
        new Evaluator(o, new PrintStream(new ByteArrayOutputStream())).run();

        ObjectMapper json = new ObjectMapper();
        List<JsonNode> scores = new ArrayList<>();
        for (String l : Files.readAllLines(report.resolve("scores.jsonl"))) {
            scores.add(json.readTree(l));
        }
        assertEquals(24, scores.size());
        long mal = scores.stream().filter(s -> s.path("label").asText().equals("malicious")).count();
        long caught = scores.stream().filter(s -> s.path("label").asText().equals("malicious") && s.path("flagged").asBoolean()).count();
        for (JsonNode s : scores) {
            assertTrue(s.path("text").asText().startsWith("process start"), s.toString());
            assertTrue(s.path("slices").has("priority") && s.path("slices").has("label basis"), s.toString());
            assertFalse(s.path("text").asText().contains("process_link"), "provenance never reaches the text");
        }

        JsonNode metrics = json.readTree(report.resolve("metrics.json").toFile());
        assertEquals(mal, metrics.path("domains").path("windows").path("malicious").asLong());
        assertEquals((double) caught / mal, metrics.path("domains").path("windows").path("recall").asDouble(), 1e-9);
        assertTrue(metrics.path("slices").has("windows/priority=high"), metrics.path("slices").toString());
        JsonNode rows = metrics.path("obfuscation");
        assertEquals(4, rows.size());
        for (JsonNode r : rows) {
            assertEquals(mal, r.path("malicious").asLong(), r.toString());
            assertEquals(24 - mal, r.path("benign").asLong(), r.toString());
            // "before" is the unobfuscated decision, so it must equal the domain recall from scores.jsonl.
            assertEquals((double) caught / mal, r.path("recall_before").asDouble(), 1e-9, r.toString());
        }
        String md = Files.readString(report.resolve("report.md"));
        assertTrue(md.contains("## Obfuscated command lines") && md.contains("| caret |"), md);
        assertTrue(md.contains("## Slices from the data's provenance"), md);
    }
}
