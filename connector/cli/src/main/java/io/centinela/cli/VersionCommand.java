package io.centinela.cli;

import io.centinela.config.ProductVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;


/** {@code centinela version}: the product version and the Java runtime. */
@Command(name = "version", description = "Print the Centinela version and runtime.")
public final class VersionCommand implements Runnable {

    @Override
    public void run() {
        for (String line : new Provider().getVersion()) {
            System.out.println(line);
        }
    }

    /** The product version ({@link ProductVersion}) and the Java runtime. */
    public static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                    "centinela " + ProductVersion.get(),
                    "java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
            };
        }
    }
}
