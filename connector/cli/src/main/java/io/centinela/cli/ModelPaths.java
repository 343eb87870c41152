package io.centinela.cli;

import java.nio.file.Path;
import java.util.List;

/** Default locations for the model commands: the shipped package and the labelled data beside the clone. */
public final class ModelPaths {

    private ModelPaths() {
    }

    public static Path home() {
        return Path.of(System.getProperty("centinela.home", "."));
    }

    public static Path defaultModel() {
        return home().resolve("models/default");
    }

    public static Path mlData() {
        String shared = System.getProperty("centinela.shared");
        return (shared != null ? Path.of(shared) : home().resolve("../shared")).resolve("data/ml");
    }

    public static List<Path> defaultTrain() {
        Path d = mlData();
        return List.of(d.resolve("email/train.jsonl"), d.resolve("web/train.jsonl"), d.resolve("windows/train.jsonl"),
                d.resolve("windows/extra-atomic-red-team.jsonl"));
    }

    public static List<Path> defaultDev() {
        Path d = mlData();
        return List.of(d.resolve("email/dev.jsonl"), d.resolve("web/dev.jsonl"), d.resolve("windows/dev.jsonl"));
    }
}
