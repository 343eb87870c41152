package io.centinela.tools;

import io.centinela.testkit.ConsoleCapture;
import io.centinela.testkit.SharedData;
import io.centinela.cli.CentinelaCli;
import io.centinela.baseline.SiteBaseline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code baseline build} on real site requests with the shipped model, then {@code show}, then a damaged file. */
class BaselineCommandTest {

    @Test
    void buildShowAndRefuseADamagedFile(@TempDir Path dir) throws Exception {
        Path shared = SharedData.shared();
        List<String> lines = Files.readAllLines(shared.resolve("data/ml/ood/web/apache-site.jsonl")).subList(0, 120);
        Path events = dir.resolve("site.jsonl");
        Files.write(events, lines);
        Path file = dir.resolve("site.baseline");

        assertEquals(0, CentinelaCli.commandLine().execute("baseline", "build", "--from", events.toString(),
                "--out", file.toString(), "--model", SharedData.defaultModel().toString()));
        try (SiteBaseline b = SiteBaseline.load(file)) {
            assertEquals(120, b.summary().kinds().get(0).learned());
            assertEquals(null, b.verifyChain());
        }

        ConsoleCapture.Captured shown = ConsoleCapture.run(() -> CentinelaCli.commandLine().execute("baseline", "show", file.toString()));
        assertEquals(0, shown.code(), shown.transcript());
        assertTrue(shown.out().contains("| web | 120 |") && shown.out().contains("verifies"), shown.transcript());

        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 3] ^= 0x10;
        Files.write(file, bytes);
        ConsoleCapture.Captured damaged = ConsoleCapture.run(() -> CentinelaCli.commandLine().execute("baseline", "show", file.toString()));
        assertEquals(1, damaged.code(), damaged.transcript());
        assertTrue(damaged.err().contains("SHA-256 does not match"), damaged.transcript());
    }
}
