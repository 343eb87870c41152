package io.centinela.splunkapp.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Build step run by exec-maven-plugin at {@code package}: draws the app icons into the staged app folder, then
 * writes the .spl. Arguments: staged app folder ({@code .../<app_id>}), output .spl path.
 */
public final class BuildSpl {

    private BuildSpl() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: BuildSpl <staged app folder> <output .spl>");
        }
        // The icons are drawn off-screen; never touch a display (CI has none).
        System.setProperty("java.awt.headless", "true");
        Path appDir = Path.of(args[0]);
        Path spl = Path.of(args[1]);
        if (!Files.isDirectory(appDir)) {
            throw new IllegalArgumentException("staged app folder missing: " + appDir + " (run the prepare-package phase)");
        }
        AppIcons.writeAll(appDir.resolve("static"));
        SplPackager.pack(appDir, spl);
        System.out.println("[centinela] wrote " + spl + " (" + Files.size(spl) + " bytes)");
    }
}
