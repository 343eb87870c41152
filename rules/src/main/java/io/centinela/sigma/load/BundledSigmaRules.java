package io.centinela.sigma.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The project's own Sigma rules, shipped as resources under {@code sigma/}. From {@code target/classes} they are a
 * plain folder; from a jar they are read through the JDK's zip file system, so the loader walks them the same way.
 */
public final class BundledSigmaRules {

    /** The resource folder holding the rules. */
    public static final String RESOURCE = "sigma";

    private BundledSigmaRules() {
    }

    /** The folder of bundled rules, or empty when this class path carries none. */
    public static Optional<Path> folder() {
        URL url = BundledSigmaRules.class.getClassLoader().getResource(RESOURCE);
        if (url == null) {
            return Optional.empty();
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                try {
                    FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    // opened by an earlier call: Path.of finds it
                }
            }
            return Optional.of(Path.of(uri));
        } catch (URISyntaxException e) {
            throw new IllegalStateException("bad class-path URL for bundled Sigma rules: " + url, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the jar holding the bundled Sigma rules: " + url, e);
        }
    }
}
