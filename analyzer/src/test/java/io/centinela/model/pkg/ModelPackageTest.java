package io.centinela.model.pkg;

import io.centinela.testkit.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelPackageTest {

    static Path copy(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.copy(p, to.resolve(p.getFileName()));
            }
        }
        return to;
    }

    @Test
    void shippedPackageVerifies() {
        ModelPackage p = ModelPackage.load(SharedData.defaultModel());
        assertTrue(p.config().threshold() > 0 && p.config().threshold() < 1);
        assertEquals(ModelConfig.TEXT_RENDERING, p.config().textRendering());
        assertTrue(p.manifest().path("training_data").size() >= 3, "training data hashes recorded");
    }

    @Test
    void refusesATamperedAdapter(@TempDir Path dir) throws Exception {
        Path pkg = copy(SharedData.defaultModel(), dir.resolve("m"));
        byte[] b = Files.readAllBytes(pkg.resolve(PackageFiles.ADAPTER));
        b[b.length - 1] ^= 1;
        Files.write(pkg.resolve(PackageFiles.ADAPTER), b);
        ModelPackageException e = assertThrows(ModelPackageException.class, () -> ModelPackage.load(pkg));
        assertTrue(e.getMessage().contains("was modified") && e.getMessage().contains(PackageFiles.ADAPTER), e.getMessage());
    }

    @Test
    void refusesAChangedThreshold(@TempDir Path dir) throws Exception {
        Path pkg = copy(SharedData.defaultModel(), dir.resolve("m"));
        String cfg = Files.readString(pkg.resolve(PackageFiles.CONFIG)).replaceFirst("\"threshold\" : [0-9.E-]+", "\"threshold\" : 0.99");
        Files.writeString(pkg.resolve(PackageFiles.CONFIG), cfg);
        ModelPackageException e = assertThrows(ModelPackageException.class, () -> ModelPackage.load(pkg));
        assertTrue(e.getMessage().contains(PackageFiles.CONFIG), e.getMessage());
    }

    @Test
    void refusesUnlistedAndMissingFiles(@TempDir Path dir) throws Exception {
        Path pkg = copy(SharedData.defaultModel(), dir.resolve("m"));
        Files.writeString(pkg.resolve("extra.onnx"), "x", StandardOpenOption.CREATE);
        assertTrue(assertThrows(ModelPackageException.class, () -> ModelPackage.load(pkg)).getMessage().contains("extra.onnx"));
        Files.delete(pkg.resolve("extra.onnx"));
        Files.delete(pkg.resolve(PackageFiles.TOKENIZER));
        assertTrue(assertThrows(ModelPackageException.class, () -> ModelPackage.load(pkg)).getMessage().contains("missing"));
        assertTrue(assertThrows(ModelPackageException.class, () -> ModelPackage.load(dir.resolve("nothing")))
                .getMessage().contains("manifest.json"));
    }

    /** A config the serving path cannot honour is refused at load with the key, even when its hash is re-signed. */
    @Test
    void refusesImpossibleLayersAndLengths(@TempDir Path dir) throws Exception {
        for (String[] bad : new String[][]{{"\"layers\" : 3", "\"layers\" : 9", "layers"},
                {"\"web\" : 128", "\"web\" : 600", "domainMaxLength.web"},
                {"\"textRendering\" : \"centinela-event-text-v", "\"textRendering\" : \"centinela-event-text-v9", "centinela-event-text-v9"}}) {
            Path pkg = copy(SharedData.defaultModel(), dir.resolve("m-" + bad[2]));
            String cfg = Files.readString(pkg.resolve(PackageFiles.CONFIG));
            assertTrue(cfg.contains(bad[0]), cfg);
            Files.writeString(pkg.resolve(PackageFiles.CONFIG), cfg.replace(bad[0], bad[1]));
            String manifest = Files.readString(pkg.resolve(PackageFiles.MANIFEST));
            String oldSha = new com.fasterxml.jackson.databind.ObjectMapper().readTree(manifest).path("files")
                    .path(PackageFiles.CONFIG).asText();
            Files.writeString(pkg.resolve(PackageFiles.MANIFEST),
                    manifest.replace(oldSha, Sha256.of(pkg.resolve(PackageFiles.CONFIG))));
            ModelPackageException e = assertThrows(ModelPackageException.class, () -> ModelPackage.load(pkg));
            assertTrue(e.getMessage().contains(bad[2]), e.getMessage());
        }
    }
}
