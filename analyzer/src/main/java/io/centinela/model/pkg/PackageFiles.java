package io.centinela.model.pkg;

/** File names inside a model package folder. */
public final class PackageFiles {
    public static final String MANIFEST = "manifest.json";
    public static final String CONFIG = "config.json";
    public static final String ADAPTER = "adapter.safetensors";
    public static final String TOKENIZER = "tokenizer.json";
    public static final String METRICS = "metrics.json";
    public static final String TRAIN_LOG = "training-log.csv";
    public static final String TRAIN_PLOT = "training.png";

    private PackageFiles() {
    }
}
