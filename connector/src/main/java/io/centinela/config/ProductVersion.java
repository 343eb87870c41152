package io.centinela.config;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The product version Maven filtered into {@code centinela-version.properties} ("unknown" outside a build). */
public final class ProductVersion {

    private static final String VERSION = read();

    private ProductVersion() {
    }

    public static String get() {
        return VERSION;
    }

    private static String read() {
        Properties p = new Properties();
        try (InputStream in = ProductVersion.class.getResourceAsStream("/centinela-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // fall through to "unknown"
        }
        return p.getProperty("version", "unknown");
    }
}
