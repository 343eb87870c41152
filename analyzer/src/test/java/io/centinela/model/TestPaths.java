package io.centinela.model;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.fail;

/** Where tests find ../shared/data/ml and the shipped model package. Missing data fails, never skips. */
public final class TestPaths {

    private TestPaths() {
    }

    public static Path ml() {
        Path p = Path.of(System.getProperty("centinela.shared", "../../shared")).resolve("data/ml");
        if (!Files.isDirectory(p)) {
            fail("labelled data not found at " + p.toAbsolutePath() + ": set -Dcentinela.shared to the shared folder");
        }
        return p;
    }

    /** models/default at the repository root (tests run in analyzer/). */
    public static Path defaultModel() {
        Path p = Path.of("..", "models", "default");
        if (!Files.isRegularFile(p.resolve("manifest.json"))) {
            fail("the shipped model package is missing at " + p.toAbsolutePath());
        }
        return p;
    }
}
