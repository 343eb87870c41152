package io.centinela.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The shape of a package's adapter (layers, LoRA rank/alpha/targets, token lengths) read from its
 * {@code config.json}, so {@code train --feedback} continues from the shipped adapter with the shape it was
 * trained with: a different shape cannot load its weights.
 */
public record ShippedAdapter(Path adapter, int layers, int loraRank, float loraAlpha, Set<String> loraTargets,
                             int maxLength, Map<String, Integer> domainMaxLength, String version) {

    /** Verifies the package's manifest (every file's SHA-256, the base model's hash) before reading its shape. */
    public static ShippedAdapter read(Path packageDir) throws IOException {
        io.centinela.model.pkg.ModelPackage.load(packageDir);
        Path adapter = packageDir.resolve("adapter.safetensors");
        Path config = packageDir.resolve("config.json");
        if (!Files.isRegularFile(adapter) || !Files.isRegularFile(config)) {
            throw new java.nio.file.NoSuchFileException(packageDir.toString(), null,
                    "not a model package with an adapter (adapter.safetensors + config.json)");
        }
        JsonNode c = new ObjectMapper().readTree(config.toFile());
        Set<String> targets = new LinkedHashSet<>();
        c.path("loraTargets").forEach(t -> targets.add(t.asText()));
        Map<String, Integer> dml = new TreeMap<>();
        c.path("domainMaxLength").fields().forEachRemaining(e -> dml.put(e.getKey(), e.getValue().asInt()));
        return new ShippedAdapter(adapter, c.path("layers").asInt(6), c.path("loraRank").asInt(8),
                (float) c.path("loraAlpha").asDouble(16), Set.copyOf(targets), c.path("maxLength").asInt(96),
                Map.copyOf(dml), c.path("version").asText(""));
    }
}
