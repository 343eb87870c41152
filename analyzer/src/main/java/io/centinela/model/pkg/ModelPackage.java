package io.centinela.model.pkg;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.centinela.model.onnx.MiniLmWeights;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A verified model package. {@link #load} checks, before anything is parsed, that manifest.json lists every file
 * of the folder, that each file's SHA-256 matches, and that the base ONNX model on the class path has the hash
 * the package was trained on; any mismatch is refused with the file and both hashes.
 */
public final class ModelPackage {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Path dir;
    private final ModelConfig config;
    private final JsonNode manifest;
    private final byte[] baseOnnx;

    private ModelPackage(Path dir, ModelConfig config, JsonNode manifest, byte[] baseOnnx) {
        this.dir = dir;
        this.config = config;
        this.manifest = manifest;
        this.baseOnnx = baseOnnx;
    }

    public static ModelPackage load(Path dir) {
        try {
            return doLoad(dir);
        } catch (IOException e) {
            throw new ModelPackageException("cannot read model package " + dir + ": " + e.getMessage(), e);
        }
    }

    private static ModelPackage doLoad(Path dir) throws IOException {
        Path mf = dir.resolve(PackageFiles.MANIFEST);
        if (!Files.isRegularFile(mf)) {
            throw new ModelPackageException("not a model package: " + mf + " is missing (train one with "
                    + "`./centinela train` or point --model at models/default)");
        }
        JsonNode manifest = JSON.readTree(mf.toFile());
        JsonNode files = manifest.path("files");
        if (!files.isObject() || files.isEmpty()) {
            throw new ModelPackageException(mf + " lists no files");
        }
        TreeSet<String> listed = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String rel = e.getKey();
            if (rel.contains("..") || rel.startsWith("/")) {
                throw new ModelPackageException(mf + " names a file outside the package: " + rel);
            }
            listed.add(rel);
            Path f = dir.resolve(rel);
            if (!Files.isRegularFile(f)) {
                throw new ModelPackageException("model package " + dir + " is incomplete: " + rel + " is missing");
            }
            String actual = Sha256.of(f);
            if (!actual.equals(e.getValue().asText())) {
                throw new ModelPackageException("model package " + dir + " was modified: SHA-256 of " + rel + " is "
                        + actual + " but the manifest says " + e.getValue().asText() + "; refusing to load it");
            }
        }
        List<String> extra = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .filter(r -> !r.equals(PackageFiles.MANIFEST) && !listed.contains(r)).forEach(extra::add);
        }
        if (!extra.isEmpty()) {
            throw new ModelPackageException("model package " + dir + " holds files the manifest does not list: " + extra
                    + "; refusing to load it");
        }
        for (String required : List.of(PackageFiles.CONFIG, PackageFiles.ADAPTER, PackageFiles.TOKENIZER)) {
            if (!listed.contains(required)) {
                throw new ModelPackageException("model package " + dir + " has no " + required);
            }
        }
        ModelConfig config = JSON.readValue(dir.resolve(PackageFiles.CONFIG).toFile(), ModelConfig.class);
        checkShape(dir, config);
        try {
            config.rendering(); // serving must render as training did: an unknown version cannot be scored
        } catch (IllegalArgumentException e) {
            throw new ModelPackageException("model package " + dir + ": " + e.getMessage());
        }
        byte[] base = MiniLmWeights.readResource(config.baseModel());
        String baseSha = Sha256.of(base);
        String want = manifest.path("base_model").path("sha256").asText();
        if (!baseSha.equals(want) || !baseSha.equals(config.baseSha256())) {
            throw new ModelPackageException("base model " + config.baseModel() + " on the class path has SHA-256 "
                    + baseSha + " but the package was trained on " + want + "; use the matching langchain4j artifact");
        }
        return new ModelPackage(dir, config, manifest, base);
    }

    /** Layer count and token lengths the serving path can honour; anything else is refused with the key. */
    private static void checkShape(Path dir, ModelConfig c) {
        if (c.layers() != null && (c.layers() < 1 || c.layers() > MiniLmWeights.LAYERS)) {
            throw new ModelPackageException(dir.resolve(PackageFiles.CONFIG) + ": layers must be 1.." + MiniLmWeights.LAYERS
                    + ", got " + c.layers());
        }
        if (c.maxLength() < 8 || c.maxLength() > 512) {
            throw new ModelPackageException(dir.resolve(PackageFiles.CONFIG) + ": maxLength must be 8..512, got " + c.maxLength());
        }
        if (c.domainMaxLength() != null) {
            c.domainMaxLength().forEach((d, n) -> {
                if (n == null || n < 8 || n > c.maxLength()) {
                    throw new ModelPackageException(dir.resolve(PackageFiles.CONFIG) + ": domainMaxLength." + d
                            + " must be 8..maxLength (" + c.maxLength() + "), got " + n);
                }
            });
        }
    }

    public Path dir() {
        return dir;
    }

    public ModelConfig config() {
        return config;
    }

    public JsonNode manifest() {
        return manifest;
    }

    /** The verified fp32 base ONNX bytes. */
    public byte[] baseOnnx() {
        return baseOnnx;
    }

    public Path tokenizer() {
        return dir.resolve(PackageFiles.TOKENIZER);
    }

    public Map<String, SafeTensors.Entry> adapter() throws IOException {
        return SafeTensors.read(dir.resolve(PackageFiles.ADAPTER));
    }

    /** SHA-256 of the adapter file: with the base hash it names the merged model in the cache. */
    public String adapterSha256() {
        return manifest.path("files").path(PackageFiles.ADAPTER).asText();
    }

    /** Replaces the threshold in config.json and rewrites the manifest (after calibration on dev). */
    public ModelPackage withThreshold(double threshold, double targetFpr, Map<String, Double> domainThresholds)
            throws IOException {
        ModelConfig c = config.withThresholds(threshold, targetFpr, domainThresholds);
        new ObjectMapper().enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                .writeValue(dir.resolve(PackageFiles.CONFIG).toFile(), c);
        rewriteManifest();
        return load(dir);
    }

    /** Rewrites manifest.json over the current files, keeping the training data list. */
    public void rewriteManifest() throws IOException {
        List<PackageWriter.DataFile> data = new ArrayList<>();
        for (JsonNode d : manifest.path("training_data")) {
            data.add(new PackageWriter.DataFile(d.path("path").asText(), d.path("sha256").asText(),
                    d.path("examples_used").asInt()));
        }
        ModelConfig c = JSON.readValue(dir.resolve(PackageFiles.CONFIG).toFile(), ModelConfig.class);
        PackageWriter.writeManifest(dir, c, data);
    }
}
