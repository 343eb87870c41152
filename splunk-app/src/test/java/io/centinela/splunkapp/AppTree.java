package io.centinela.splunkapp;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The files of the app, read either from the source folder or from a built .spl. Paths are relative to the app
 * folder ("default/app.conf"). For a package, {@link #entries} keeps every tar entry as written (name, mode, type).
 */
public record AppTree(String appId, Map<String, byte[]> files, List<TarEntry> entries) {

    /** One tar entry as stored: full name inside the archive, permission bits, directory or file, link or not. */
    public record TarEntry(String name, int mode, boolean directory, boolean regularFile, long size) {
    }

    /** The app's source folder in this module: src/main/app/centinela. */
    public static Path sourceDir() {
        Path dir = Path.of("src/main/app", System.getProperty("centinela.app.id", "centinela"));
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("app source folder missing: " + dir.toAbsolutePath());
        }
        return dir;
    }

    /** The built package (set by the pom's surefire configuration). */
    public static Path builtPackage() {
        String spl = System.getProperty("centinela.spl");
        if (spl == null || !Files.isRegularFile(Path.of(spl))) {
            throw new IllegalStateException("built package not found (" + spl + "): run `mvn verify` (packaging runs "
                    + "before these checks) rather than the test class alone");
        }
        Path built = Path.of(spl);
        try (Stream<Path> walk = Files.walk(sourceDir())) {
            java.nio.file.attribute.FileTime builtAt = Files.getLastModifiedTime(built);
            Path newer = walk.filter(p -> {
                try {
                    return Files.getLastModifiedTime(p).compareTo(builtAt) > 0;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).findFirst().orElse(null);
            if (newer != null) {
                throw new IllegalStateException("stale package " + built + ": " + newer + " is newer; run `mvn verify`");
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return built;
    }

    public static AppTree fromSource() throws IOException {
        Path dir = sourceDir();
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        }
        return new AppTree(dir.getFileName().toString(), files, List.of());
    }

    /** Reads a gzip'd tar. The app id is the first path segment of the first entry (checks verify it is unique). */
    public static AppTree fromPackage(Path spl) throws IOException {
        List<TarEntry> entries = new ArrayList<>();
        Map<String, byte[]> files = new LinkedHashMap<>();
        String appId = null;
        try (InputStream in = Files.newInputStream(spl);
             GZIPInputStream gz = new GZIPInputStream(in);
             TarArchiveInputStream tar = new TarArchiveInputStream(gz)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                entries.add(new TarEntry(e.getName(), e.getMode() & 07777, e.isDirectory(), e.isFile(), e.getSize()));
                String name = e.getName();
                int slash = name.indexOf('/');
                if (appId == null) {
                    appId = slash < 0 ? name : name.substring(0, slash);
                }
                if (e.isFile() && slash > 0 && name.substring(0, slash).equals(appId)) {
                    files.put(name.substring(slash + 1), tar.readAllBytes());
                }
            }
        }
        return new AppTree(appId, files, entries);
    }

    public String text(String path) {
        byte[] b = files.get(path);
        if (b == null) {
            throw new IllegalStateException("missing in the app: " + path);
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    public boolean has(String path) {
        return files.containsKey(path);
    }

    public ConfFile conf(String name) {
        String path = "default/" + name;
        return has(path) ? ConfFile.parse(path, text(path)) : ConfFile.parse(path, "");
    }

    /** Dashboard files: default/data/ui/views/*.xml. */
    public List<String> views() {
        return files.keySet().stream().filter(p -> p.startsWith("default/data/ui/views/") && p.endsWith(".xml")).sorted().toList();
    }
}
