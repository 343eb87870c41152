package io.centinela.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.centinela.cli.CentinelaCli;
import io.centinela.model.pkg.ModelPackage;
import io.centinela.model.pkg.Sha256;
import io.centinela.testkit.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code train --feedback}: one optimiser step from the shipped adapter (its shape read from its package) on a few
 * public rows plus site verdict rows; the new package verifies and its manifest hashes the feedback file. Rows
 * without provenance and an analyst over the cap are refused before any training.
 */
class TrainWithFeedbackTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Site rows in {@code feedback pull}'s format, built from real labelled Windows events. */
    private static Path feedbackRows(Path dir, List<String> analysts) throws Exception {
        List<String> src = Files.readAllLines(SharedData.shared().resolve("data/ml/windows/dev.jsonl"));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < analysts.size(); i++) {
            JsonNode row = JSON.readTree(src.get(i));
            var o = JSON.createObjectNode();
            o.set("event", row.get("event"));
            o.put("label", "benign").put("category", "site-feedback").put("source", "feedback/false_positive")
                    .put("id", "feedback:a" + i);
            o.putObject("meta").put("alert_id", "a" + i).put("analyst", analysts.get(i)).put("verdict_time", 100 + i)
                    .put("verdict", "false_positive");
            out.add(JSON.writeValueAsString(o));
        }
        Path f = dir.resolve("site/feedback.jsonl");
        Files.createDirectories(f.getParent());
        Files.write(f, out);
        return f;
    }

    private static int train(String... args) {
        PrintStream old = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            return CentinelaCli.commandLine().execute(args);
        } finally {
            System.setOut(old);
        }
    }

    @Test
    void continuesFromTheShippedAdapterAndHashesTheFeedbackIntoTheManifest(@TempDir Path dir) throws Exception {
        Path fb = feedbackRows(dir, List.of("ana", "bob", "ana", "bob"));
        List<String> win = Files.readAllLines(SharedData.shared().resolve("data/ml/windows/train.jsonl"));
        Path pub = dir.resolve("windows/train.jsonl");
        Files.createDirectories(pub.getParent());
        Files.write(pub, win.subList(0, 60));
        List<String> dv = Files.readAllLines(SharedData.shared().resolve("data/ml/windows/dev.jsonl"));
        Path dev = dir.resolve("windows/dev.jsonl");
        Files.write(dev, dv.subList(0, 80));
        Path out = dir.resolve("pkg");
        assertEquals(0, train("train", "--feedback", fb.toString(), "--from-package",
                SharedData.defaultModel().toString(), "--train", pub.toString(), "--dev", dev.toString(),
                "--max-steps", "1", "--batch", "8", "--out", out.toString(), "--model-version", "9.9.9-site.1",
                "--no-progress"));
        ModelPackage.load(out); // verifies every file against the manifest
        JsonNode manifest = JSON.readTree(out.resolve("manifest.json").toFile());
        assertEquals("9.9.9-site.1", manifest.get("version").asText());
        boolean hashed = false;
        for (JsonNode d : manifest.get("training_data")) {
            hashed |= d.get("path").asText().endsWith("site/feedback.jsonl")
                    && d.get("sha256").asText().equals(Sha256.of(fb)) && d.get("examples_used").asInt() == 4;
        }
        assertTrue(hashed, manifest.get("training_data").toString());
        JsonNode cfg = JSON.readTree(out.resolve("config.json").toFile());
        JsonNode shipped = JSON.readTree(SharedData.defaultModel().resolve("config.json").toFile());
        assertEquals(shipped.get("layers"), cfg.get("layers"), "the shipped adapter's shape");
        assertEquals(shipped.get("loraTargets"), cfg.get("loraTargets"));
    }

    @Test
    void refusesRowsWithoutProvenanceAndAnAnalystOverTheCap(@TempDir Path dir) throws Exception {
        Path fb = feedbackRows(dir, List.of("ana", "ana", "ana", "bob"));
        IllegalArgumentException over = assertThrows(IllegalArgumentException.class,
                () -> FeedbackMix.check(List.of(fb), 0.5, new PrintStream(new ByteArrayOutputStream())));
        assertTrue(over.getMessage().contains("analyst ana gave 3 of 4"), over.getMessage());
        assertEquals(3, FeedbackMix.check(List.of(fb), 0.75, new PrintStream(new ByteArrayOutputStream())).get("ana"));

        Path bare = dir.resolve("bare.jsonl");
        Files.writeString(bare, "{\"event\":{\"EventID\":1},\"label\":\"benign\"}\n");
        IllegalArgumentException noMeta = assertThrows(IllegalArgumentException.class,
                () -> FeedbackMix.check(List.of(bare), 1, new PrintStream(new ByteArrayOutputStream())));
        assertTrue(noMeta.getMessage().contains("meta.analyst"), noMeta.getMessage());
    }
}
