package io.centinela.pipeline;

import io.centinela.model.pkg.ModelPackage;
import io.centinela.model.pkg.ModelPackageException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The live-model location the service reads ({@code model.dir} pointing here):
 * <pre>
 *   &lt;live&gt;/packages/&lt;version&gt;-&lt;adapter sha8&gt;/   verified copies of promoted packages (never modified)
 *   &lt;live&gt;/current                              one line: the folder under packages/ that is live
 *   &lt;live&gt;/previous                             one line: the one live before it (for rollback)
 * </pre>
 * Pointers are written to a temporary file and renamed over the old one (atomic on one file system), so a reader
 * sees the old or the new name, never half of one. Every step verifies the package's SHA-256 manifest
 * ({@link ModelPackage#load}) before a pointer moves; a bad package leaves both pointers as they were.
 * Not thread-safe across processes: one operator runs promote/rollback at a time.
 */
public final class LiveModelDir {

    public static final String CURRENT = "current";
    public static final String PREVIOUS = "previous";
    public static final String PACKAGES = "packages";

    /** What a promote or rollback did: the package now live, and the one before it (null if none). */
    public record Switch(String live, String version, String previous) {
    }

    private final Path dir;

    public LiveModelDir(Path dir) {
        this.dir = dir;
    }

    /** True when {@code dir} has the live layout (a {@code current} pointer), not a plain package. */
    public static boolean isLive(Path dir) {
        return dir != null && Files.isRegularFile(dir.resolve(CURRENT));
    }

    public Path dir() {
        return dir;
    }

    /** The live package's folder (not yet verified), from the {@code current} pointer. */
    public Path current() {
        return pointer(CURRENT).map(this::packageDir)
                .orElseThrow(() -> new ModelPackageException("no live model: " + dir.resolve(CURRENT)
                        + " is missing (run `centinela model promote <package> --live " + dir + "`)"));
    }

    public Optional<String> pointer(String name) {
        Path p = dir.resolve(name);
        if (!Files.isRegularFile(p)) {
            return Optional.empty();
        }
        try {
            String s = Files.readString(p, StandardCharsets.UTF_8).trim();
            if (s.isEmpty() || s.contains("/") || s.contains("\\") || s.startsWith(".")) {
                throw new ModelPackageException(p + " must name one folder under " + PACKAGES + "/, got '" + s + "'");
            }
            return Optional.of(s);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }

    Path packageDir(String name) {
        return dir.resolve(PACKAGES).resolve(name);
    }

    /**
     * Verifies {@code pkg}, copies it under packages/ (verified again after the copy), then makes it current; the
     * package that was current becomes previous. Promoting the live package again changes nothing.
     */
    public Switch promote(Path pkg) throws IOException {
        ModelPackage verified = ModelPackage.load(pkg);
        String name = safe(verified.config().version()) + "-" + verified.adapterSha256().substring(0, 8);
        Path target = packageDir(name);
        if (Files.isDirectory(target)) {
            ModelPackage.load(target); // the copy must still be intact
        } else {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempDirectory(target.getParent(), ".incoming-");
            copyTree(pkg, tmp);
            ModelPackage.load(tmp);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        }
        Optional<String> old = pointer(CURRENT);
        if (old.isPresent() && old.get().equals(name)) {
            return new Switch(name, verified.config().version(), pointer(PREVIOUS).orElse(null));
        }
        if (old.isPresent()) {
            write(PREVIOUS, old.get());
        }
        write(CURRENT, name);
        return new Switch(name, verified.config().version(), old.orElse(null));
    }

    /** Makes the previous package current again (verified first); the one that was current becomes previous. */
    public Switch rollback() throws IOException {
        String prev = pointer(PREVIOUS).orElseThrow(() -> new ModelPackageException(
                "nothing to roll back to: " + dir.resolve(PREVIOUS) + " is missing (only one package was promoted)"));
        ModelPackage verified = ModelPackage.load(packageDir(prev));
        String cur = pointer(CURRENT).orElse(null);
        if (cur != null) {
            write(PREVIOUS, cur);
        }
        write(CURRENT, prev);
        return new Switch(prev, verified.config().version(), cur);
    }

    private void write(String name, String value) throws IOException {
        Path tmp = Files.createTempFile(dir, "." + name + "-", ".tmp");
        Files.writeString(tmp, value + "\n", StandardCharsets.UTF_8);
        try {
            Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    private static String safe(String version) {
        String s = version == null ? "unversioned" : version.replaceAll("[^A-Za-z0-9._+-]", "_");
        return s.startsWith(".") ? "_" + s : s;
    }

    private static void copyTree(Path from, Path to) throws IOException {
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
