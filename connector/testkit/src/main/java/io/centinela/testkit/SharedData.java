package io.centinela.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where tests find {@code ../shared} (test data read in place, never copied into the repository) and the
 * repository itself. The parent pom sets {@code centinela.shared} and {@code centinela.root} for every module;
 * missing data fails the test loudly (CI always has it), it never skips.
 */
public final class SharedData {

    private SharedData() {
    }

    /** The repository root: {@code -Dcentinela.root}, else the working directory's nearest folder with models/. */
    public static Path repo() {
        String root = System.getProperty("centinela.root");
        if (root != null) {
            return Path.of(root).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("models")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new AssertionError("repository root not found from " + Path.of("").toAbsolutePath()
                + ": set -Dcentinela.root");
    }

    /** The shared folder: {@code -Dcentinela.shared}, else the one beside the repository. */
    public static Path shared() {
        String shared = System.getProperty("centinela.shared");
        return (shared != null ? Path.of(shared) : repo().resolve("../shared")).toAbsolutePath().normalize();
    }

    /** {@code ../shared/data/<relative>}; fails when it is missing. */
    public static Path path(String relative) {
        return existing(shared().resolve("data").resolve(relative));
    }

    /** {@code ../shared/data/yara}. */
    public static Path yara() {
        return path("yara");
    }

    /** A file or folder under {@code ../shared/data/yara}. */
    public static Path yara(String relative) {
        return path("yara/" + relative);
    }

    /** {@code ../shared/data/ml}: the labelled classifier splits. */
    public static Path ml() {
        return path("ml");
    }

    /** The shipped model package, {@code models/default}. */
    public static Path defaultModel() {
        Path p = repo().resolve("models/default");
        if (!Files.isRegularFile(p.resolve("manifest.json"))) {
            throw new AssertionError("the shipped model package is missing at " + p);
        }
        return p;
    }

    private static Path existing(Path p) {
        if (!Files.exists(p)) {
            throw new AssertionError("shared test data missing: " + p + " (set -Dcentinela.shared=<dir holding data/>;"
                    + " CI has it beside the clone)");
        }
        return p;
    }
}
