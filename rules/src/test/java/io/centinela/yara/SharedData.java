package io.centinela.yara;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.fail;

/** ../shared/data/yara, read in place; missing data fails the test (CI always has it). */
public final class SharedData {

    private SharedData() {
    }

    public static Path yara() {
        String shared = System.getProperty("centinela.shared", "../shared");
        Path dir = Path.of(shared, "data", "yara").toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            fail("YARA test data missing at " + dir + " (set -Dcentinela.shared to the folder holding data/yara)");
        }
        return dir;
    }

    public static Path yara(String relative) {
        Path p = yara().resolve(relative);
        if (!Files.exists(p)) {
            fail("YARA test data missing: " + p);
        }
        return p;
    }
}
