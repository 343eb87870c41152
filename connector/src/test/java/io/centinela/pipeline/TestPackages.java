package io.centinela.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.centinela.model.pkg.ModelConfig;
import io.centinela.model.pkg.ModelPackage;
import io.centinela.model.pkg.PackageWriter;
import io.centinela.testkit.SharedData;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Real model packages for tests: the shipped one, and copies of it under another version (re-hashed manifest). */
public final class TestPackages {

    private TestPackages() {
    }

    public static Path shipped() {
        return SharedData.repo().resolve("models/default");
    }

    public static String shippedVersion() {
        return ModelPackage.load(shipped()).config().version();
    }

    /** A copy of the shipped package in {@code dir} whose config.json says {@code version}; manifest re-hashed. */
    public static Path withVersion(Path dir, String version) throws IOException {
        return withConfig(dir, version, c -> { });
    }

    /** As {@link #withVersion}, with {@code edit} applied to config.json too (e.g. other thresholds). */
    public static Path withConfig(Path dir, String version, java.util.function.Consumer<ObjectNode> edit) throws IOException {
        copy(shipped(), dir);
        ObjectMapper json = new ObjectMapper();
        ObjectNode cfg = (ObjectNode) json.readTree(dir.resolve("config.json").toFile());
        cfg.put("version", version);
        edit.accept(cfg);
        json.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("config.json").toFile(), cfg);
        // the copy no longer verifies until its manifest is rewritten over the new config
        java.util.List<PackageWriter.DataFile> data = new java.util.ArrayList<>();
        for (var d : json.readTree(dir.resolve("manifest.json").toFile()).path("training_data")) {
            data.add(new PackageWriter.DataFile(d.path("path").asText(), d.path("sha256").asText(),
                    d.path("examples_used").asInt()));
        }
        ModelConfig c = new ObjectMapper().configure(com.fasterxml.jackson.databind.DeserializationFeature
                .FAIL_ON_UNKNOWN_PROPERTIES, false).readValue(dir.resolve("config.json").toFile(), ModelConfig.class);
        PackageWriter.writeManifest(dir, c, data);
        ModelPackage.load(dir); // verifies
        return dir;
    }

    public static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
