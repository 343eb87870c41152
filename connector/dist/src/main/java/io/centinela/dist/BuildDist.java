package io.centinela.dist;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;

/**
 * Writes {@code centinela-VERSION.tar.gz}:
 * <pre>
 *   bin/centinela            launcher (755): `run` on lib/ alone, every other command on lib/ + lib/tools/
 *   lib/                     the serving class path (centinela-cli's runtime class path)
 *   lib/tools/               what the tools add: demo, train, eval, bench, the broker, PyTorch, charts
 *   conf/centinela.yaml      the documented example configuration
 *   models/default/          the shipped model package (checked against its manifest at load)
 *   rules/sigma, rules/yara  the project's own rules (also inside the rules jar, where the service loads them)
 *   deploy/                  systemd unit and Dockerfile
 *   licenses/                THIRD-PARTY.txt and every bundled jar's own LICENSE/NOTICE files
 * </pre>
 * Inputs are the class-path files that centinela-cli and centinela-tools write at package time, so the two class
 * paths here are exactly the ones Maven resolved.
 */
public final class BuildDist {

    private BuildDist() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]).toAbsolutePath().normalize();
        String name = args[1];
        Path out = Path.of(args[2]);
        List<Path> serving = classPath(root.resolve("connector/cli/target"), "centinela-cli-");
        List<Path> tools = classPath(root.resolve("connector/tools/target"), "centinela-tools-");
        Set<String> servingNames = new LinkedHashSet<>();
        serving.forEach(p -> servingNames.add(p.getFileName().toString()));
        List<Path> toolsOnly = tools.stream().filter(p -> !servingNames.contains(p.getFileName().toString())).toList();

        Files.createDirectories(out.getParent());
        GzipParameters gz = new GzipParameters();
        gz.setCompressionLevel(Deflater.BEST_SPEED); // jars are compressed already: level 1 costs little size
        try (OutputStream fo = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(fo, gz))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            Path dist = root.resolve("connector/dist/src/main/dist");
            addFile(tar, dist.resolve("bin/centinela"), name + "/bin/centinela", 0755);
            for (Path jar : serving) {
                addFile(tar, jar, name + "/lib/" + jar.getFileName(), 0644);
            }
            for (Path jar : toolsOnly) {
                addFile(tar, jar, name + "/lib/tools/" + jar.getFileName(), 0644);
            }
            addFile(tar, root.resolve("docs/centinela.example.yaml"), name + "/conf/centinela.yaml", 0644);
            addTree(tar, root.resolve("models/default"), name + "/models/default");
            addTree(tar, root.resolve("rules/src/main/resources/sigma"), name + "/rules/sigma");
            addTree(tar, root.resolve("rules/src/main/resources/yara"), name + "/rules/yara");
            addTree(tar, dist.resolve("deploy"), name + "/deploy");
            addFile(tar, root.resolve("README.md"), name + "/README.md", 0644);
            addLicenses(tar, name, serving, toolsOnly);
        }
        System.out.printf("%s: lib/ %d jars (%.0f MB), lib/tools/ %d jars (%.0f MB), tarball %.0f MB%n", out.getFileName(),
                serving.size(), mb(serving), toolsOnly.size(), mb(toolsOnly), Files.size(out) / 1e6);
    }

    /** The module's own jar followed by its runtime class path (as dependency:build-classpath wrote it). */
    static List<Path> classPath(Path target, String jarPrefix) throws IOException {
        Path cpFile = target.resolve("runtime-classpath.txt");
        if (!Files.isRegularFile(cpFile)) {
            throw new IOException(cpFile + " is missing: build with `mvn package` from the repository root");
        }
        List<Path> jars = new ArrayList<>();
        try (Stream<Path> s = Files.list(target)) {
            s.filter(p -> p.getFileName().toString().startsWith(jarPrefix) && p.toString().endsWith(".jar")
                    && !p.toString().endsWith("-tests.jar")).forEach(jars::add);
        }
        if (jars.size() != 1) {
            throw new IOException("expected one " + jarPrefix + "*.jar in " + target + ", found " + jars);
        }
        String cp = Files.readString(cpFile).trim();
        for (String e : cp.isEmpty() ? new String[0] : cp.split(java.io.File.pathSeparator)) {
            Path p = Path.of(e);
            if (!Files.isRegularFile(p) || !e.endsWith(".jar")) {
                throw new IOException("class-path entry is not a jar: " + e + " (build with `mvn package`)");
            }
            jars.add(p);
        }
        return jars;
    }

    private static void addLicenses(TarArchiveOutputStream tar, String name, List<Path> serving, List<Path> tools)
            throws IOException {
        StringBuilder index = new StringBuilder("Third-party parts bundled in this distribution: jar, the licence its"
                + " own pom names, and the folder holding the licence/notice files the jar ships.\n\n");
        TreeMap<String, byte[]> files = new TreeMap<>();
        for (Path jar : concat(serving, tools)) {
            String jarName = jar.getFileName().toString();
            if (jarName.startsWith("centinela-")) {
                continue;
            }
            String base = jarName.replaceFirst("\\.jar$", "");
            List<String> licences = new ArrayList<>();
            try (JarFile jf = new JarFile(jar.toFile())) {
                for (ZipEntry e : jf.stream().toList()) {
                    String n = e.getName();
                    String upper = n.toUpperCase(java.util.Locale.ROOT);
                    boolean licenceFile = !e.isDirectory() && (upper.startsWith("META-INF/LICENSE")
                            || upper.startsWith("META-INF/NOTICE") || upper.startsWith("META-INF/LICENCE")
                            || upper.matches("(LICENSE|NOTICE|COPYING)(\\.TXT|\\.MD)?"));
                    if (licenceFile && e.getSize() < (1 << 20)) {
                        try (InputStream in = jf.getInputStream(e)) {
                            files.put(base + "/" + n.replace("META-INF/", ""), in.readAllBytes());
                        }
                    }
                    if (n.startsWith("META-INF/maven/") && n.endsWith("/pom.xml")) {
                        try (InputStream in = jf.getInputStream(e)) {
                            licences.addAll(pomLicences(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                        }
                    }
                }
            }
            index.append(jarName).append(": ")
                    .append(licences.isEmpty() ? "(see the jar's files)" : String.join("; ", licences))
                    .append('\n');
        }
        addBytes(tar, index.toString().getBytes(StandardCharsets.UTF_8), name + "/licenses/THIRD-PARTY.txt", 0644);
        for (var f : files.entrySet()) {
            addBytes(tar, f.getValue(), name + "/licenses/" + f.getKey(), 0644);
        }
    }

    /** The {@code <licenses><license><name>} entries of a pom (no XML parser needed for this flat shape). */
    static List<String> pomLicences(String pom) {
        List<String> out = new ArrayList<>();
        int i = pom.indexOf("<licenses>");
        int end = pom.indexOf("</licenses>");
        while (i >= 0 && end > i) {
            int a = pom.indexOf("<name>", i);
            if (a < 0 || a > end) {
                break;
            }
            int b = pom.indexOf("</name>", a);
            out.add(pom.substring(a + 6, b).trim());
            i = b;
        }
        return out;
    }

    private static List<Path> concat(List<Path> a, List<Path> b) {
        List<Path> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static double mb(List<Path> jars) {
        return jars.stream().mapToLong(p -> {
            try {
                return Files.size(p);
            } catch (IOException e) {
                return 0;
            }
        }).sum() / 1e6;
    }

    private static void addTree(TarArchiveOutputStream tar, Path dir, String prefix) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is missing");
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            String rel = dir.relativize(f).toString().replace('\\', '/');
            if (rel.endsWith("scores.jsonl")) {
                continue; // eval output holds rendered dev data: never shipped
            }
            addFile(tar, f, prefix + "/" + rel, 0644);
        }
    }

    private static void addFile(TarArchiveOutputStream tar, Path file, String entryName, int mode) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(entryName);
        e.setSize(Files.size(file));
        e.setMode(0100000 | mode);
        e.setModTime(Files.getLastModifiedTime(file).toMillis());
        tar.putArchiveEntry(e);
        Files.copy(file, tar);
        tar.closeArchiveEntry();
    }

    private static void addBytes(TarArchiveOutputStream tar, byte[] bytes, String entryName, int mode)
            throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(entryName);
        e.setSize(bytes.length);
        e.setMode(0100000 | mode);
        tar.putArchiveEntry(e);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

}
