package io.centinela.splunkapp.build;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a Splunk app package: a gzip'd tar whose only top-level entry is the app folder, folders 755, files 644,
 * owner 0/0, a fixed mtime and sorted entries (reproducible). Refuses what AppInspect rejects instead of silently
 * dropping it: {@code local/}, {@code local.meta}, dot-files, {@code __MACOSX}, {@code *.pyc}, links.
 */
public final class SplPackager {

    static final int DIR_MODE = 0755;
    static final int FILE_MODE = 0644;
    /** 2024-01-01T00:00:00Z: a fixed mtime keeps the package byte-identical across builds of the same sources. */
    static final FileTime MTIME = FileTime.fromMillis(1_704_067_200_000L);

    private SplPackager() {
    }

    public static void pack(Path appDir, Path spl) throws IOException {
        Path root = appDir.toAbsolutePath().normalize();
        String appId = root.getFileName().toString();
        List<Path> entries = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted().forEach(entries::add);
        }
        for (Path p : entries) {
            String problem = prohibited(root.relativize(p), p);
            if (problem != null) {
                throw new IOException("refusing to package " + p + ": " + problem);
            }
        }
        Files.createDirectories(spl.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(spl);
             GZIPOutputStream gz = new GZIPOutputStream(out);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(gz, "UTF-8")) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Path p : entries) {
                String rel = root.relativize(p).toString().replace('\\', '/');
                String name = rel.isEmpty() ? appId + "/" : appId + "/" + rel + (Files.isDirectory(p) ? "/" : "");
                TarArchiveEntry e = new TarArchiveEntry(name);
                e.setModTime(MTIME);
                e.setIds(0, 0);
                e.setNames("splunk", "splunk");
                if (Files.isDirectory(p)) {
                    e.setMode(TarArchiveEntry.DEFAULT_DIR_MODE & ~07777 | DIR_MODE);
                    tar.putArchiveEntry(e);
                } else {
                    e.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~07777 | FILE_MODE);
                    e.setSize(Files.size(p));
                    tar.putArchiveEntry(e);
                    Files.copy(p, tar);
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
    }

    /** Why AppInspect would reject this path, or null. */
    static String prohibited(Path rel, Path file) {
        if (Files.isSymbolicLink(file)) {
            return "symbolic links are not allowed in a Splunk app";
        }
        for (Path part : rel) {
            String n = part.toString();
            if (n.startsWith(".")) {
                return "dot-files are prohibited";
            }
            if (n.equals("__MACOSX") || n.endsWith(".pyc") || n.equals("__pycache__")) {
                return "build or OS debris is prohibited";
            }
        }
        if (rel.getNameCount() >= 1 && rel.getName(0).toString().equals("local")) {
            return "local/ is for the admin's changes and must not ship";
        }
        if (rel.endsWith("local.meta")) {
            return "metadata/local.meta must not ship";
        }
        return null;
    }
}
