package io.centinela.yara.compile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * Rule text to compile: {@code origin} names it in diagnostics (a file path), {@code namespace} is the YARA
 * namespace its rules land in, {@code text} its exact bytes, {@code imports} the modules it imports.
 */
public record RuleSource(String origin, String namespace, byte[] text, Set<String> imports) {

    public RuleSource {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(text, "text");
        imports = Set.copyOf(imports);
    }

    public static RuleSource ofText(String origin, String namespace, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new RuleSource(origin, namespace, bytes, RuleImports.of(bytes));
    }

    public static RuleSource ofFile(Path file, String namespace) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return new RuleSource(file.toString(), namespace, bytes, RuleImports.of(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rule file " + file + ": " + e.getMessage(), e);
        }
    }

    public boolean importsModules() {
        return !imports.isEmpty();
    }
}
