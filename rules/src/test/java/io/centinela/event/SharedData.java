package io.centinela.event;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.fail;

/** Locates ../shared/data (system property {@code centinela.shared}); fails loudly when it is missing. */
public final class SharedData {

    private SharedData() {
    }

    public static Path path(String relative) {
        String root = System.getProperty("centinela.shared", "../shared");
        Path p = Path.of(root, "data", relative).toAbsolutePath().normalize();
        if (!Files.exists(p)) {
            fail("shared test data missing: " + p + " (set -Dcentinela.shared=<dir holding data/>; CI has it"
                    + " beside the clone)");
        }
        return p;
    }
}
