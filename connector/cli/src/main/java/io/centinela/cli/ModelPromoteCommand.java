package io.centinela.cli;

import io.centinela.pipeline.LiveModelDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code centinela model promote <package> --live <dir>}: verifies the package's manifest, copies it into the
 * live-model location and moves the {@code current} pointer to it (the running service swaps within the watcher's
 * debounce). A package that fails verification is refused in one line (exit 2) and nothing moves.
 */
@Command(name = "promote", mixinStandardHelpOptions = true,
        description = "Verify a model package and make it the live one (the old one is kept for rollback).")
final class ModelPromoteCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "PACKAGE", description = "The model package folder (manifest.json inside).")
    Path pkg;

    @Option(names = "--live", required = true, paramLabel = "DIR",
            description = "The live-model location (the service's model.dir); created when missing.")
    Path live;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(pkg)) {
            throw new UserException(pkg + ": not a model package folder");
        }
        if (Files.isRegularFile(live.resolve("manifest.json"))) {
            throw new UserException(live + " is a model package, not a live-model location: pass a folder of its own"
                    + " (then set model.dir to it)");
        }
        Files.createDirectories(live);
        LiveModelDir.Switch s = new LiveModelDir(live).promote(pkg);
        System.out.println("live model: " + s.version() + " (" + live.resolve(LiveModelDir.PACKAGES).resolve(s.live())
                + ")" + (s.previous() == null ? "" : "; previous: " + s.previous() + " (model rollback returns to it)"));
        return 0;
    }
}
