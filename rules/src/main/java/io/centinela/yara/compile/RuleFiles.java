package io.centinela.yara.compile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Finds rule files (*.yar, *.yara) under a file or folder and names their namespaces. */
public final class RuleFiles {

    /** How rule files map to YARA namespaces. */
    public enum NamespaceMode {
        /** One namespace per file: {@code <root>/<relative path without extension>}. Rule names may repeat across files. */
        PER_FILE,
        /** One namespace per folder: {@code <root>/<relative folder>}. Files in one folder share rule names. */
        PER_FOLDER
    }

    private RuleFiles() {
    }

    public static boolean isRuleFile(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && (n.endsWith(".yar") || n.endsWith(".yara"));
    }

    /** Every rule file under {@code root} (or {@code root} itself), sorted by path so builds are reproducible. */
    public static List<RuleSource> load(Path root, NamespaceMode mode) {
        if (!Files.exists(root)) {
            throw new java.io.UncheckedIOException(new java.nio.file.NoSuchFileException(root.toString(), null,
                    "no such rule file or folder"));
        }
        Path base = Files.isDirectory(root) ? root : root.getParent() == null ? Path.of(".") : root.getParent();
        String rootName = root.getFileName() == null ? "rules" : stripExtension(root.getFileName().toString());
        List<Path> files;
        if (Files.isDirectory(root)) {
            try (Stream<Path> walk = Files.walk(root)) {
                files = walk.filter(RuleFiles::isRuleFile).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list rule folder " + root + ": " + e.getMessage(), e);
            }
        } else {
            files = List.of(root);
        }
        return files.stream().map(f -> RuleSource.ofFile(f, namespace(rootName, base, f, mode))).toList();
    }

    static String namespace(String rootName, Path base, Path file, NamespaceMode mode) {
        Path rel = base.relativize(file);
        if (mode == NamespaceMode.PER_FOLDER) {
            Path parent = rel.getParent();
            return parent == null ? rootName : rootName + "/" + parent.toString().replace('\\', '/');
        }
        if (rel.getNameCount() == 1 && !Files.isDirectory(base.resolve(rel)) && base.resolve(rel).equals(file)
                && rootName.equals(stripExtension(rel.toString()))) {
            return rootName;
        }
        return rootName + "/" + stripExtension(rel.toString().replace('\\', '/'));
    }

    private static String stripExtension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
